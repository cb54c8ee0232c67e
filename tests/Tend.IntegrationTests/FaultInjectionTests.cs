using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Faults from the world around Tend, as PID 1: each gives a clear message and Tend keeps going
/// (the other programs stay up, the control socket answers).
/// </summary>
public class FaultInjectionTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_deleted_config_refused_on_reload_with_the_reason_and_nothing_changed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "ready", "then", "sleep", "inf")}
            """);
        tend.WaitForLine("| ready");
        File.Delete(dir.File("tend.yaml"));
        Directory.CreateDirectory(dir.File("tend.yaml")); // a directory where the file was: unreadable as a file, even for root
        tend.Signal(1);
        tend.WaitForLine("reload refused");
        // The error itself, naming the file, follows the "reload refused" line.
        tend.WaitForLine(l => l.Contains("tend.yaml", StringComparison.Ordinal) && !l.Contains("reload refused", StringComparison.Ordinal), TendHost.DefaultTimeout);
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_spawn_failures_named_precisely_while_the_other_programs_run()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gone = Directory.CreateDirectory(dir.File("gone")).FullName;
        var notExecutable = dir.Write("not-executable", "#!/bin/sh\necho hi\n");
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "ready", "then", "sleep", "inf")}
              missing:
                command: [{Quote(dir.File("no-such-binary"))}]
              noexec:
                command: [{Quote(notExecutable)}]
              nodir:
                command: {Dummy("sleep", "inf")}
                working_dir: {Quote(gone)}
                autostart: false
            """);
        tend.WaitForLine("| ready");
        tend.WaitForLine(l => l.Contains("cannot start \"missing\"", StringComparison.Ordinal) && l.Contains("no such file", StringComparison.OrdinalIgnoreCase));
        tend.WaitForLine(l => l.Contains("cannot start \"noexec\"", StringComparison.Ordinal) && l.Contains("permission denied", StringComparison.OrdinalIgnoreCase));
        Directory.Delete(gone);
        Ctl.Run(tend, "ctl", "start", "nodir");
        tend.WaitForLine(l => l.Contains("\"nodir\"", StringComparison.Ordinal) && l.Contains(gone, StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 90_000)]
    public async Task I_see_emfile_reported_retried_and_recovered_when_descriptors_come_back()
    {
        await Task.Yield();
        Tools.Require("prlimit");
        using var dir = new TempDir();
        var programs = string.Concat(Enumerable.Range(0, 30).Select(i => $"""
              p{i}:
                command: {Dummy("echo", "ready", "then", "sleep", "inf")}
                start_retries: 100

            """));
        var config = dir.Write("tend.yaml", "programs:\n" + programs);
        // 40 descriptors: enough for Tend and about a dozen programs, not thirty.
        using var tend = TendHost.Start(["run", config], launcher: ["prlimit", "--nofile=40:40"]);
        tend.WaitForLine(l => l.Contains("cannot start", StringComparison.Ordinal) && l.Contains("too many open files", StringComparison.Ordinal));
        Assert.Contains("p29", Ctl.Run(tend, "ctl", "status").Out); // the control socket still answers (exit 3: not all running)

        // Descriptors come back: the programs that could not start do, on their next retry.
        string[] running = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (running.Length < 8 && DateTime.UtcNow < deadline)
        {
            running = Ctl.Run(tend, "ctl", "status").Out.Split('\n').Where(r => r.Contains("RUNNING")).Select(r => r.Split(' ')[0]).Take(8).ToArray();
            if (running.Length < 8) await Task.Delay(100);
        }
        Assert.Equal(8, running.Length);
        var stop = Ctl.Run(tend, ["ctl", "stop", .. running]);
        Assert.True(stop.Code == 0, $"ctl stop {string.Join(' ', running)}: {stop.Code} {stop.Out} {stop.Err}");
        var waiting = Enumerable.Range(0, 30).Select(i => $"p{i}").Except(running).ToList();
        foreach (var name in waiting.Take(5))
            Ctl.WaitForStatus(tend, r => r.StartsWith(name + " ", StringComparison.Ordinal) && r.Contains("RUNNING"), TimeSpan.FromSeconds(60));
        tend.Signal(15);
        tend.WaitForExit(TimeSpan.FromSeconds(30));
    }
}
