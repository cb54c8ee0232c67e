using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Issue 24: the startup probe (Kubernetes' startupProbe): liveness and readiness wait until it first passes; failing it restarts.</summary>
public class StartupProbeTests
{
    /// <summary>
    /// A liveness probe that always fails (threshold 1, every 100 ms) is not run while the startup
    /// probe has not passed: ten startup failures later, no liveness restart, the dependent still
    /// waits. Once the startup probe passes, liveness runs and restarts it.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_liveness_held_back_until_the_startup_probe_passes()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var started = dir.File("started");
        using var tend = TendHost.Run(dir, $"""
            programs:
              slow:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
                startup: {"{"}exec: ["test", "-f", {Quote(started)}], interval: 100ms, failure_threshold: 1000{"}"}
                liveness: {"{"}exec: ["false"], interval: 100ms, failure_threshold: 1{"}"}
                backoff: {"{"}initial: 50ms{"}"}
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}slow: ready{"}"}
            """);
        tend.WaitForLine("slow: startup probe failed 10 times in a row (exited with 1); waiting for it: web");
        Assert.Equal(0, tend.Count("liveness probe"));
        Assert.Equal(0, tend.Count("web started pid"));
        var health = Ctl.Run(tend, "health");
        Assert.Contains("slow: not ready yet (startup probe has not passed)", health.Out);

        File.WriteAllText(started, "");
        tend.WaitForLine("slow passed its startup probe (exit code 0)");
        tend.WaitForLine("slow failed its liveness probe: restarting");
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>A startup probe that keeps failing past its threshold restarts the program, as a failing liveness probe does.</summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_restarted_when_its_startup_probe_fails()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              stuck:
                command: {Dummy("sleep", "inf")}
                startup: {"{"}exec: ["false"], interval: 100ms, failure_threshold: 3{"}"}
                backoff: {"{"}initial: 50ms{"}"}
            """);
        tend.WaitForLine("stuck failed its startup probe: restarting");
        tend.WaitForCount("stuck started pid", 2);
        tend.Signal(15);
        tend.WaitForExit();
    }
}
