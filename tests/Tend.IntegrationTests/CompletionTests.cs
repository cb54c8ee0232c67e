using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend completion bash`, sourced by a user's bash: verbs and options complete, and program and
/// job names come from the running Tend (silently nothing when no Tend answers).
/// </summary>
public class CompletionTests
{
    [Fact(Timeout = 60_000)]
    public async Task Bash_completes_my_verbs_options_and_the_running_programs_and_jobs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: [/bin/sh, -c, 'echo web up; exec sleep 1000']
              worker:
                command: [/bin/sh, -c, 'echo worker up; exec sleep 1000']
            jobs:
              nightly:
                schedule: '@daily'
                command: [/bin/true]
            """);
        tend.WaitForLine("| web up");
        tend.WaitForLine("| worker up");
        var script = Ctl.Run(tend, "completion", "bash");
        Assert.Equal(0, script.Code);
        var file = dir.Write("tend.bash", script.Out);

        string[] Complete(string socket, params string[] words)
        {
            var bash = Tools.Run("bash", ["-c", $"source {file}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}; _tend; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
                env: new Dictionary<string, string>
                {
                    ["TEND_SOCKET"] = socket,
                    ["PATH"] = $"{Path.GetDirectoryName(Paths.Tend)}:/usr/bin:/bin",
                });
            Assert.Equal("", bash.Err); // nothing on the terminal at a TAB
            return bash.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        Assert.Equal(["all", "nightly", "web", "worker"], Complete(tend.SocketPath, "tend", "ctl", "restart", "").Order());
        Assert.Equal(["web", "worker"], Complete(tend.SocketPath, "tend", "ctl", "--socket", tend.SocketPath, "status", "w").Order());
        Assert.Equal(["check", "completion", "convert", "ctl"], Complete(tend.SocketPath, "tend", "c").Order());
        Assert.Contains("--log-format", Complete(tend.SocketPath, "tend", "run", "--l"));
        Assert.Equal(["all"], Complete(dir.File("nobody-here.sock"), "tend", "ctl", "stop", ""));
        Assert.Contains("web", Complete(dir.File("nobody-here.sock"), "tend", "ctl", "--socket", tend.SocketPath, "start", "")); // the socket typed on the line

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
