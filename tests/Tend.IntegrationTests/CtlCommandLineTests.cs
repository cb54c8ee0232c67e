using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// `tend ctl` and `tend health` as people type them: options before or after the verb (README's
/// table writes `tend ctl [--socket PATH] status`), `status NAME...`, and the documented exit codes.
/// </summary>
public class CtlCommandLineTests
{
    private static string Config(TempDir dir) => $"""
        programs:
          web:
            command: {Dummy("trap-signals", dir.File("signals"), "then", "echo", "web-line", "then", "sleep", "inf")}
            start_seconds: 0
          worker:
            command: {Dummy("sleep", "inf")}
            start_seconds: 0
        jobs:
          backup:
            schedule: "0 0 1 1 *"
            command: {Dummy("echo", "backed-up")}
        """;

    private static void WaitRunning(TendHost tend, string name) =>
        Ctl.WaitForStatus(tend, r => r.StartsWith(name + " ", StringComparison.Ordinal) && r.Contains("RUNNING"));

    /// <summary>
    /// Every ctl verb and `tend health`, each given --socket (and its other options) before the verb
    /// or after it. $TEND_SOCKET points nowhere, so only the option can reach Tend.
    /// </summary>
    [Theory(Timeout = 120_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task I_can_give_ctl_options_before_or_after_the_verb(bool before)
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, Config(dir));
        WaitRunning(tend, "web");
        WaitRunning(tend, "worker");
        tend.WaitForLine(l => l.EndsWith("| web-line", StringComparison.Ordinal));
        var socket = tend.SocketPath;

        // `tend ctl VERB ARGS` with OPTIONS before VERB or at the end.
        (int Code, string Out, string Err) Ctl_(string verb, string[] options, params string[] args) =>
            Ctl.RunWithSocketOption(before
                ? ["ctl", "--socket", socket, .. options, verb, .. args]
                : ["ctl", verb, .. args, .. options, "--socket", socket]);
        void Ok((int Code, string Out, string Err) r, string what) => Assert.True(r.Code == 0, $"{what} ({(before ? "options first" : "options last")}): exit {r.Code}\n{r.Out}{r.Err}");

        var status = Ctl_("status", []);
        Ok(status, "status");
        Assert.Contains("worker", status.Out);
        var json = Ctl_("status", ["--json"]);
        Ok(json, "status --json");
        Assert.Contains("\"name\":\"web\"", json.Out);
        Ok(Ctl_("health", []), "ctl health");
        Ok(Ctl.RunWithSocketOption(before ? ["--socket", socket, "health"] : ["health", "--socket", socket]), "tend health");

        Ok(Ctl_("stop", [], "worker"), "stop");
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("STOPPED"));
        Ok(Ctl_("start", [], "worker"), "start");
        WaitRunning(tend, "worker");
        var starts = tend.Count("worker started pid");
        Ok(Ctl_("restart", [], "worker"), "restart");
        tend.WaitForCount("worker started pid", starts + 1);

        Ok(Ctl_("signal", [], "USR1", "web"), "signal");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(dir.File("signals")) && File.ReadAllText(dir.File("signals")).Contains("USR1")) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Contains("USR1", File.ReadAllLines(dir.File("signals")));

        Ok(Ctl_("run-job", [], "backup"), "run-job");
        tend.WaitForLine("backup | backed-up");

        var logs = Ctl_("logs", ["-n", "1"], "web");
        Ok(logs, "logs -n 1");
        Assert.Equal("web | web-line\n", logs.Out);

        Ok(Ctl_("reload", []), "reload");
        tend.WaitForLine("reloaded:");

        Ok(Ctl_("shutdown", []), "shutdown");
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 90_000)]
    public async Task I_can_ask_the_status_of_some_programs_and_jobs_by_name()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, Config(dir));
        WaitRunning(tend, "web");
        WaitRunning(tend, "worker");

        var web = Ctl.Run(tend, "ctl", "status", "web");
        Assert.Equal(0, web.Code);
        var rows = web.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, rows.Length);                              // the header and web
        Assert.StartsWith("NAME", rows[0]);
        Assert.StartsWith("web ", rows[1]);
        Assert.DoesNotContain("JOB", web.Out);

        var job = Ctl.Run(tend, "ctl", "status", "backup");
        Assert.Equal(0, job.Code);
        Assert.StartsWith("JOB", job.Out);                          // no empty program table above it
        Assert.Contains("backup ", job.Out);
        Assert.DoesNotContain("web", job.Out);

        var both = Ctl.Run(tend, "ctl", "status", "worker", "backup");
        Assert.Equal(0, both.Code);
        Assert.Matches(@"(?m)^worker\s+RUNNING", both.Out);
        Assert.DoesNotContain("web", both.Out);
        Assert.Matches(@"(?m)^backup\s", both.Out);

        var json = Ctl.Run(tend, "ctl", "status", "--json", "web");
        Assert.Equal(0, json.Code);
        Assert.Contains("\"name\":\"web\"", json.Out);
        Assert.DoesNotContain("worker", json.Out);
        Assert.DoesNotContain("backup", json.Out);

        // An unknown name is an error naming the known ones, table or JSON alike; nothing on stdout.
        foreach (var args in new[] { new[] { "ctl", "status", "web", "wbe" }, ["ctl", "status", "--json", "wbe"] })
        {
            var unknown = Ctl.Run(tend, args);
            Assert.Equal(4, unknown.Code);
            Assert.Equal("", unknown.Out);
            Assert.Contains("no program or job named 'wbe'; known: web, worker, backup", unknown.Err);
        }

        // The exit code speaks for the programs shown.
        Assert.Equal(0, Ctl.Run(tend, "ctl", "stop", "worker").Code);
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("STOPPED"));
        Assert.Equal(3, Ctl.Run(tend, "ctl", "status", "worker").Code);
        Assert.Equal(0, Ctl.Run(tend, "ctl", "status", "web").Code);
        Assert.Equal(3, Ctl.Run(tend, "ctl", "status").Code);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>README's "Exit codes of tend ctl", one by one, against a running Tend and without one.</summary>
    [Fact(Timeout = 90_000)]
    public async Task I_get_the_documented_exit_code_for_each_outcome()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, Config(dir));
        WaitRunning(tend, "web");
        WaitRunning(tend, "worker");

        Assert.Equal(0, Ctl.Run(tend, "ctl", "stop", "worker").Code);             // 0: done
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("STOPPED"));
        var again = Ctl.Run(tend, "ctl", "stop", "worker");                        // 1: refused
        Assert.Equal(1, again.Code);
        Assert.Contains("worker", again.Err);
        Assert.Equal(3, Ctl.Run(tend, "ctl", "status").Code);                      // 3: a program is not running
        Assert.Equal(4, Ctl.Run(tend, "ctl", "stop", "nosuch").Code);              // 4: no such program or job
        Assert.Equal(4, Ctl.Run(tend, "ctl", "run-job", "nosuch").Code);
        Assert.Equal(4, Ctl.Run(tend, "ctl", "logs", "nosuch").Code);
        Assert.Equal(4, Ctl.Run(tend, "ctl", "status", "nosuch").Code);
        var denied = Ctl.RunAs("65534", tend, "ctl", "status");                    // 77: permission denied
        Assert.Equal(77, denied.Code);
        Assert.Contains("permission denied", denied.Err);
        Assert.Equal(1, Ctl.RunAs("65534", tend, "health").Code);                  // health: 0 or 1 only
        var usage = Ctl.Run(tend, "ctl", "signal", "NOPE", "web");                 // 100: usage
        Assert.Equal(100, usage.Code);
        Assert.Contains("unknown signal 'NOPE'", usage.Err);
        var option = Ctl.Run(tend, "ctl", "stop", "--jsno", "web");
        Assert.Equal(100, option.Code);
        Assert.Contains("unknown option '--jsno' for 'tend ctl stop'", option.Err);
        Assert.Equal(100, Ctl.Run(tend, "ctl", "--json", "stop", "web").Code);     // --json is status's, not stop's
        Assert.Equal(100, Ctl.Run(tend, "health", "--json").Code);

        Assert.Equal(0, Ctl.Run(tend, "ctl", "shutdown").Code);
        Assert.Equal(0, tend.WaitForExit());
        var gone = Ctl.Run(tend, "ctl", "status");                                  // 7: Tend cannot be reached
        Assert.Equal(7, gone.Code);
        Assert.Contains("is tend running?", gone.Err);
        Assert.Equal(1, Ctl.Run(tend, "health").Code);
    }
}
