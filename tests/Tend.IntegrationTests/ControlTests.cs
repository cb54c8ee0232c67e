using System.Net.Http;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Tend.IntegrationTests;

/// <summary>tend ctl, tend health and the HTTP endpoints against Tend as PID 1.</summary>
public class ControlTests
{
    [Fact(Timeout = 90_000)]
    public async Task I_can_drive_programs_with_every_ctl_verb()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var signals = dir.File("signals");
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("trap-signals", signals, "then", "sleep", "inf")}
                start_seconds: 0
              worker:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
            """);
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        var status = Ctl.Run(tend, "ctl", "status");
        Assert.Equal(0, status.Code);
        Assert.StartsWith("NAME", status.Out);
        Assert.Contains("HEALTH", status.Out);
        Assert.Equal(0, Ctl.Run(tend, "health").Code);

        var json = Ctl.Run(tend, "ctl", "status", "--json");
        Assert.Contains("\"name\":\"worker\"", json.Out);

        var stop = Ctl.Run(tend, "ctl", "stop", "worker");
        Assert.Equal(0, stop.Code);
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("STOPPED"));
        Assert.Equal(3, Ctl.Run(tend, "ctl", "status").Code); // LSB: a program is not running
        var unhealthy = Ctl.Run(tend, "health");
        Assert.Equal(1, unhealthy.Code);
        Assert.Contains("worker: STOPPED", unhealthy.Out);

        Assert.Equal(0, Ctl.Run(tend, "ctl", "start", "worker").Code);
        Ctl.WaitForStatus(tend, r => r.StartsWith("worker ", StringComparison.Ordinal) && r.Contains("RUNNING"));

        var before = tend.Count("worker started pid");
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "worker").Code);
        tend.WaitForCount("worker started pid", before + 1);

        Assert.Equal(0, Ctl.Run(tend, "ctl", "signal", "USR1", "web").Code);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((!File.Exists(signals) || !File.ReadAllText(signals).Contains("USR1")) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Contains("USR1", File.ReadAllLines(signals));

        var unknown = Ctl.Run(tend, "ctl", "stop", "wrokre");
        Assert.Equal(4, unknown.Code);
        Assert.Contains("no program named 'wrokre'; did you mean 'worker'?", unknown.Err);

        Assert.Equal(0, Ctl.Run(tend, "ctl", "shutdown").Code);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Equal(7, Ctl.Run(tend, "ctl", "status").Code); // no socket any more: tend is not running
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_read_healthz_readyz_and_metrics_over_http()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
              fails:
                command: {Dummy("exit", "3")}
                start_seconds: 0
                restart: never
              talker:
                command: {Dummy("echo", "one", "then", "echo", "two", "then", "echo-err", "three", "then", "sleep", "inf")}
                start_seconds: 0
                readiness:
                  tcp: "127.0.0.1:{Ctl.FreePort()}"
                  interval: 100ms
            """, "--http", $"127.0.0.1:{port}");
        tend.WaitForLine($"serving /healthz, /readyz and /metrics on http://127.0.0.1:{port}");
        tend.WaitForLine("fails exited with 3");
        tend.WaitForLine(l => l.EndsWith("| three", StringComparison.Ordinal), stream: "err");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var healthz = await http.GetAsync("/healthz");
        Assert.Equal(200, (int)healthz.StatusCode);
        var readyz = await http.GetAsync("/readyz");
        Assert.Equal(503, (int)readyz.StatusCode); // "fails" exited with an unexpected code
        Assert.Contains("fails: EXITED", await readyz.Content.ReadAsStringAsync());
        var metrics = await http.GetStringAsync("/metrics");
        var samples = Samples(metrics);
        Assert.Equal(1, samples["tend_program_state{program=\"web\",state=\"RUNNING\"}"]);
        Assert.Equal(0, samples["tend_program_state{program=\"web\",state=\"FATAL\"}"]);
        Assert.Equal(3, samples["tend_program_last_exit_code{program=\"fails\"}"]);
        Assert.True(samples["tend_resident_memory_bytes"] > 1_000_000);
        Assert.Equal(2, samples["tend_log_lines_total{program=\"talker\",stream=\"stdout\"}"]);
        Assert.Equal(8, samples["tend_log_bytes_total{program=\"talker\",stream=\"stdout\"}"]); // "one\ntwo\n"
        Assert.Equal(1, samples["tend_log_lines_total{program=\"talker\",stream=\"stderr\"}"]);
        Assert.Equal(0, samples["tend_program_probe_failures_total{program=\"web\"}"]);
        // The readiness probe connects to a closed port: every run fails.
        var failures = 0.0;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); failures < 2 && DateTime.UtcNow < deadline; await Task.Delay(50))
            failures = Samples(await http.GetStringAsync("/metrics"))["tend_program_probe_failures_total{program=\"talker\"}"];
        Assert.True(failures >= 2, $"probe failures: {failures}");

        // The HTTP listener may face a network: it serves nothing that changes or reveals more.
        Assert.Equal(404, (int)(await http.PostAsync("/v1/stop?names=web", null)).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync("/v1/logs")).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync("/v1/status")).StatusCode);
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 90_000)]
    public async Task I_can_read_recent_logs_with_streams_marked_and_follow_new_lines()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("echo", "hello-out", "then", "echo-err", "oops-err", "then", "sleep", "inf")}
                start_seconds: 0
              db:
                command: {Dummy("echo", "db-line", "then", "sleep", "inf")}
                start_seconds: 0
            """);
        tend.WaitForLine(l => l.EndsWith("| oops-err", StringComparison.Ordinal), stream: "err");
        tend.WaitForLine(l => l.EndsWith("| db-line", StringComparison.Ordinal));

        var all = Ctl.Run(tend, "ctl", "logs");
        Assert.Equal(0, all.Code);
        Assert.Contains("web  | hello-out", all.Out);      // aligned on the widest name, "tend"
        Assert.Contains("db   | db-line", all.Out);
        Assert.Contains("web  ! oops-err", all.Err);       // stderr lines stay on stderr, marked
        Assert.DoesNotContain("oops-err", all.Out);
        Assert.Contains("tend | web started pid", all.Out); // Tend's own messages are kept too

        var web = Ctl.Run(tend, "ctl", "logs", "web");
        Assert.DoesNotContain("db-line", web.Out);
        Assert.Contains("web | hello-out", web.Out);

        var last = Ctl.Run(tend, "ctl", "logs", "-n", "1", "web");
        Assert.Equal("", last.Out);                        // the last line of web is its stderr one
        Assert.Equal("web ! oops-err\n", last.Err);

        var unknown = Ctl.Run(tend, "ctl", "logs", "wbe");
        Assert.Equal(4, unknown.Code);
        Assert.Contains("did you mean 'web'?", unknown.Err);

        // Follow: the kept lines first, then what web writes after a restart.
        using (var follower = new CtlFollower(tend, "ctl", "logs", "-f", "web"))
        {
            Assert.Equal("web | hello-out", follower.Next());
            Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "web").Code);
            Assert.Equal("web | hello-out", follower.Next()); // written by the new process, after the follow began
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>Parses Prometheus text: every sample line "name{labels} value".</summary>
    private static Dictionary<string, double> Samples(string metrics) =>
        metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Name, s => s.Value);

    [Fact(Timeout = 60_000)]
    public async Task I_see_the_control_socket_owner_only_and_a_non_root_user_refused()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine("web started pid");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(tend.SocketPath) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tend.SocketPath));
        var refused = Ctl.RunAs("65534", tend, "ctl", "status");
        Assert.Equal(77, refused.Code); // sysexits' EX_NOPERM (README, "Exit codes of tend ctl")
        Assert.Contains("permission denied", refused.Err);
        Assert.Equal(0, Ctl.Run(tend, "ctl", "status").Code is 0 or 3 ? 0 : 1);
        tend.Signal(15);
        tend.WaitForExit();
    }
}
