using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend completion bash|zsh|fish`, sourced by the real shells: verbs and options complete, and
/// program and job names come from the running Tend (silently nothing when no Tend answers); an
/// option's value is not taken for a verb (fish offered verbs and names there).
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

    private static TendHost StartWithProgramsAndAJob(TempDir dir)
    {
        var tend = TendHost.Run(dir, """
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
        return tend;
    }

    private static Dictionary<string, string> ShellEnvironment(string socket) => new()
    {
        ["TEND_SOCKET"] = socket,
        ["PATH"] = $"{Path.GetDirectoryName(Paths.Tend)}:/usr/bin:/bin",
        ["HOME"] = Path.GetTempPath(),
    };

    [Fact(Timeout = 60_000)]
    public async Task Fish_completes_my_verbs_option_values_and_the_running_programs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = StartWithProgramsAndAJob(dir);
        var script = Ctl.Run(tend, "completion", "fish");
        Assert.Equal(0, script.Code);
        var file = dir.Write("tend.fish", script.Out);

        string[] Complete(string socket, string line)
        {
            var fish = Tools.Run("fish", ["--no-config", "-c", $"source {file}; complete -C '{line}'"], env: ShellEnvironment(socket));
            Assert.Equal("", fish.Err);
            return fish.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).ToArray();
        }

        var nobody = dir.File("nobody-here.sock");
        Assert.Equal(["all", "nightly", "web", "worker"], Complete(tend.SocketPath, "tend ctl restart ").Order());
        Assert.Equal(["check", "completion", "convert", "ctl"], Complete(tend.SocketPath, "tend c").Order());
        Assert.Equal(["json", "text"], Complete(tend.SocketPath, "tend run --log-format ").Order()); // the option's words, not verbs
        Assert.Equal(["restart"], Complete(nobody, $"tend ctl --socket {tend.SocketPath} rest")); // the value is not a verb
        Assert.Contains("web", Complete(nobody, $"tend ctl --socket {tend.SocketPath} stop ")); // names from the socket on the line
        Assert.Equal(["all"], Complete(nobody, "tend ctl stop "));
        Assert.Empty(Complete(tend.SocketPath, "tend run --kill-grace ")); // a duration: nothing to offer, no verb
        Assert.Equal([file], Complete(tend.SocketPath, $"tend ctl --socket {dir.Path}/tend.f")); // a path

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// zsh runs the bash function through its bashcompinit: _bash_complete calls it by compgen -F
    /// under `emulate -L sh`, with COMP_WORDS and COMP_CWORD set from zsh's words; compadd then
    /// keeps the words matching what is typed. This does the same outside the line editor.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task Zsh_loads_the_script_and_completes_my_verbs_and_the_running_programs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = StartWithProgramsAndAJob(dir);
        var script = Ctl.Run(tend, "completion", "zsh");
        Assert.Equal(0, script.Code);
        var file = dir.Write("tend.zsh", script.Out);

        (string Registered, string[] Words) Complete(params string[] words)
        {
            var zsh = Tools.Run("zsh", ["-f", "-c",
                $"autoload -U compinit && compinit -u -D; source {file}; print -r -- \"$_comps[tend]\"; emulate sh; "
                + $"COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}; _tend; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
                env: ShellEnvironment(tend.SocketPath));
            Assert.Equal("", zsh.Err);
            var lines = zsh.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return (lines[0], lines[1..]);
        }

        var (registered, names) = Complete("tend", "ctl", "restart", "");
        Assert.Equal("_bash_complete -o default -F _tend", registered);
        Assert.Equal(["all", "nightly", "web", "worker"], names.Order());
        Assert.Contains("restart", Complete("tend", "ctl", "rest").Words);
        Assert.Contains("--log-format", Complete("tend", "run", "--l").Words);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
