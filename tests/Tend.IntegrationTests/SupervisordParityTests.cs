using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// What a supervisord.conf user asks of tend.yaml (issue 24, part 1), under Tend as PID 1, with the
/// config a user writes: a log file per program rotated at a size with a number of backups, stderr
/// merged into it; replicas that know their number; groups restarted and stopped together with
/// `tend ctl ... GROUP:*`.
/// </summary>
public class SupervisordParityTests
{
    [Fact(Timeout = 60_000)]
    public async Task My_program_log_file_is_rotated_keeps_its_backups_and_holds_stderr_too()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var log = dir.File("logs/web.log");
        // 30 rounds of ~600 bytes, paced so that each reaches the file on its own: about 15 rotations at 1KiB.
        using var tend = TendHost.Run(dir, $$"""
            programs:
              web:
                command: [/bin/sh, -c, 'pad=$(printf "%0280d" 0); i=0; while [ $i -lt 30 ]; do echo "out line $i $pad"; echo "err line $i $pad" >&2; i=$((i+1)); sleep 0.02; done; echo last line; exec sleep 1000']
                stdout: {file: {{log}}, max_size: 1KiB, backups: 2, console: none}
                merge_stderr: true
              marker:
                command: [/bin/sh, -c, 'echo marker up; exec sleep 1000']
            """);
        tend.WaitForLine("| marker up");
        var files = new[] { log, log + ".1", log + ".2" };
        var deadline = DateTime.UtcNow + TendHost.DefaultTimeout;
        while (!files.Any(f => File.Exists(f) && File.ReadAllText(f).Contains("last line", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no log file holds the last line:\n{tend.Transcript()}");
            Thread.Sleep(20);
        }
        Assert.True(File.Exists(log + ".1") && File.Exists(log + ".2"), "two backups kept");
        Assert.False(File.Exists(log + ".3"), "a third backup was kept: backups: 2 not honoured");
        var kept = files.Where(File.Exists).SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(kept, l => l.StartsWith("err line 2", StringComparison.Ordinal)); // stderr merged into the file
        Assert.Contains(kept, l => l.StartsWith("out line 2", StringComparison.Ordinal));
        Assert.DoesNotContain(kept, l => l.StartsWith("out line 0 ", StringComparison.Ordinal)); // rotated out long ago
        Assert.DoesNotContain(tend.AllLines, l => l.Line.Contains("out line", StringComparison.Ordinal) || l.Line.Contains("err line", StringComparison.Ordinal));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task My_replicas_know_their_number_and_a_group_is_restarted_and_stopped_together()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              worker:
                command: [/bin/sh, -c, 'echo "replica $TEND_REPLICA up"; exec sleep 1000']
                replicas: 3
              web:
                command: [/bin/sh, -c, 'echo web up; exec sleep 1000']
              cache:
                command: [/bin/sh, -c, 'echo cache up; exec sleep 1000']
            groups:
              front: {programs: [web, cache], priority: 5}
            """);
        for (var n = 0; n < 3; n++) tend.WaitForLine($"worker-{n} | replica {n} up");
        tend.WaitForLine("| web up");
        tend.WaitForLine("| cache up");

        var restart = Ctl.Run(tend, "ctl", "restart", "worker:*");
        Assert.True(restart.Code == 0, restart.Out + restart.Err);
        for (var n = 0; n < 3; n++) tend.WaitForCount($"worker-{n} | replica {n} up", 2);
        Assert.Equal(1, tend.Count("| web up"));

        var stop = Ctl.Run(tend, "ctl", "stop", "front:*");
        Assert.True(stop.Code == 0, stop.Out + stop.Err);
        Ctl.WaitForStatus(tend, row => row.StartsWith("web ", StringComparison.Ordinal) && row.Contains("STOPPED", StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, row => row.StartsWith("cache ", StringComparison.Ordinal) && row.Contains("STOPPED", StringComparison.Ordinal));
        Ctl.WaitForStatus(tend, row => row.StartsWith("worker-1 ", StringComparison.Ordinal) && row.Contains("RUNNING", StringComparison.Ordinal));

        var unknown = Ctl.Run(tend, "ctl", "restart", "nope:*");
        Assert.NotEqual(0, unknown.Code);
        Assert.Contains("no group named 'nope'", unknown.Out + unknown.Err);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reload_that_scales_my_replicas_starts_only_the_new_one_and_a_changed_log_file_restarts_only_its_program()
    {
        await Task.Yield();
        using var dir = new TempDir();
        const string Before = """
            programs:
              worker:
                command: [/bin/sh, -c, 'echo "replica $TEND_REPLICA up"; exec sleep 1000']
                replicas: 2
              web:
                command: [/bin/sh, -c, 'echo web up; exec sleep 1000']
            """;
        using var tend = TendHost.Run(dir, Before);
        tend.WaitForLine("worker-1 | replica 1 up");
        tend.WaitForLine("| web up");

        dir.Write("tend.yaml", Before.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal));
        tend.Signal(1);
        tend.WaitForLine("reloaded: 1 added, 0 removed, 0 changed");
        tend.WaitForLine("worker-2 | replica 2 up");

        var log = dir.File("web.log");
        dir.Write("tend.yaml", Before.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal)
            + $"\n    stdout: {{file: {log}}}\n");
        tend.Signal(1);
        tend.WaitForLine("reloaded: 0 added, 0 removed, 1 changed");
        tend.WaitForCount("| web up", 2); // still on the console, and now in the file too
        ScriptTree.WaitForLines(log, l => l.Contains("web up"));
        Assert.Equal(1, tend.Count("worker-0 | replica 0 up"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
