using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Readiness and liveness probes of every kind, for real.</summary>
public class ProbeTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_http_and_tcp_probes_pass_against_a_real_listener_and_fail_against_a_closed_port()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var closed = Ctl.FreePort();
        // Tend's own HTTP listener is the server the probes check.
        using var tend = TendHost.Run(dir, $"""
            http: 127.0.0.1:{port}
            programs:
              viahttp:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
                readiness: {"{"}http: "http://127.0.0.1:{port}/healthz", interval: 100ms{"}"}
              viatcp:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
                readiness: {"{"}tcp: "127.0.0.1:{port}", interval: 100ms{"}"}
              closed:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
                readiness: {"{"}tcp: "127.0.0.1:{closed}", interval: 100ms, failure_threshold: 1{"}"}
            """);
        tend.WaitForLine("viahttp is ready (HTTP 200)");
        tend.WaitForLine("viatcp is ready (connected to");
        tend.WaitForLine("closed is not ready: readiness probe failed (connection refused)");
        var health = Ctl.Run(tend, "health");
        Assert.Equal(1, health.Code);
        Assert.Contains("closed: not ready", health.Out);
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>Issue 20: a dependency whose readiness probe keeps failing is logged (first failure, every 10th, and when it passes), naming who waits.</summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_why_a_program_waits_when_its_dependencys_readiness_probe_keeps_failing()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var ready = dir.File("ready");
        using var tend = TendHost.Run(dir, $"""
            programs:
              php:
                command: {Dummy("sleep", "inf")}
                readiness: {"{"}exec: ["test", "-f", {Quote(ready)}], interval: 100ms{"}"}
              nginx:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}php: {"{"}condition: ready{"}"}{"}"}
            """);

        tend.WaitForLine("php: readiness probe failed (exited with 1); waiting for it: nginx");
        tend.WaitForLine("php: readiness probe failed 10 times in a row (exited with 1); waiting for it: nginx");
        File.WriteAllText(ready, "");
        tend.WaitForLine(l => l.Contains("php: readiness probe passes again after") && l.Contains("checks failed"));
        tend.WaitForLine("nginx started pid");
        // One line per ten failures, not one per check.
        Assert.DoesNotContain(tend.Transcript().Split('\n'), l => l.Contains("failed 2 times") || l.Contains("failed 11 times"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_restarted_when_its_liveness_probe_fails()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var alive = dir.File("alive");
        using var tend = TendHost.Run(dir, $"""
            programs:
              sick:
                command: {Dummy("touch", alive, "then", "sleep", "inf")}
                liveness: {"{"}exec: ["test", "-f", {Quote(alive)}], interval: 100ms, failure_threshold: 2{"}"}
                backoff: {"{"}initial: 50ms{"}"}
            """);
        tend.WaitForLine("sick started pid");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(alive) && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(300); // let a few probes pass first; the test waits on the log lines below
        File.Delete(alive);
        tend.WaitForLine("sick failed its liveness probe: restarting");
        tend.WaitForCount("sick started pid", 2);
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_hung_exec_probe_killed_at_its_timeout()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              slow:
                command: {Dummy("sleep", "inf")}
                readiness: {"{"}exec: ["sleep", "30"], interval: 100ms, timeout: 200ms, failure_threshold: 1{"}"}
            """);
        tend.WaitForLine("slow is not ready: readiness probe failed (timed out)");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(10)));
    }
}
