using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Nothing a program or a probe started outlives it: a stopped or removed program takes with it
/// what it started in a session of its own (setsid), and an exec probe takes its background
/// children. Each process is found by a unique sleep time in its command line, from the host's
/// /proc, which sees into Tend's PID namespace.
/// </summary>
public class LeftoverProcessTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_program_removed_by_a_reload_takes_what_it_started_with_setsid_with_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var grandchild = Processes.NewSleepSeconds();
        string Config(bool withDaemon) => $"""
            programs:
              keep:
                command: {Dummy("sleep", "inf")}
            {(withDaemon ? $"  daemon:\n    command: [sh, -c, \"setsid sleep {grandchild} & exec sleep 100000\"]\n" : "")}
            """;
        using var tend = TendHost.Run(dir, Config(withDaemon: true));
        tend.WaitForLine("daemon started pid");
        Processes.WaitForRunning(grandchild);

        dir.Write("tend.yaml", Config(withDaemon: false));
        Assert.Equal(0, Ctl.Run(tend, "ctl", "reload").Code);
        tend.WaitForLine("daemon removed");
        Assert.Empty(Processes.Running(grandchild)); // gone by the time the removal is reported
        Assert.DoesNotContain("daemon", Ctl.Run(tend, "ctl", "status").Out);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stopped_program_takes_its_setsid_children_with_it_killing_those_that_ignore_term_at_its_stop_timeout()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var polite = Processes.NewSleepSeconds();
        var stubborn = Processes.NewSleepSeconds();
        // The second one ignores TERM (an ignored signal stays ignored across exec).
        using var tend = TendHost.Run(dir, $"""
            programs:
              daemon:
                command: [sh, -c, "setsid sleep {polite} & setsid sh -c 'trap \"\" TERM; exec sleep {stubborn}' & exec sleep 100000"]
                stop_timeout: 1s
            """);
        Processes.WaitForRunning(polite);
        Processes.WaitForRunning(stubborn);

        Assert.Equal(0, Ctl.Run(tend, "ctl", "stop", "daemon").Code);
        tend.WaitForLine("daemon stopped");
        Assert.Empty(Processes.Running(polite));
        Assert.Empty(Processes.Running(stubborn));
        tend.WaitForLine("daemon: processes it started killed after 1 s (did not stop on TERM)");
        Assert.Equal(0, Ctl.Run(tend, "ctl", "shutdown").Code);
        Assert.Equal(1, tend.WaitForExit()); // something had to be killed at its stop timeout
    }

    [Fact(Timeout = 60_000)]
    public async Task An_exec_probe_leaves_nothing_behind_when_it_starts_a_background_child()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var background = Processes.NewSleepSeconds();
        var checks = dir.File("checks");
        using var tend = TendHost.Run(dir, $$"""
            programs:
              web:
                command: {{Dummy("sleep", "inf")}}
                readiness: {exec: [sh, -c, "echo >> '{{checks}}'; sleep {{background}} & exit 0"], interval: 200ms}
            """);
        tend.WaitForLine("web is ready");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(checks) || File.ReadAllLines(checks).Length < 8)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("fewer than 8 checks in 30 s");
            await Task.Delay(50);
        }
        // At most the one of a check running right now.
        var left = Processes.Running(background).Count;
        Assert.True(left <= 1, $"{left} background children of finished checks still run");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
