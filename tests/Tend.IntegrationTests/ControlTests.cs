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
            """, "--http", $"127.0.0.1:{port}");
        tend.WaitForLine($"serving /healthz, /readyz and /metrics on http://127.0.0.1:{port}");
        tend.WaitForLine("fails exited with 3");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var healthz = await http.GetAsync("/healthz");
        Assert.Equal(200, (int)healthz.StatusCode);
        var readyz = await http.GetAsync("/readyz");
        Assert.Equal(503, (int)readyz.StatusCode); // "fails" exited with an unexpected code
        Assert.Contains("fails: EXITED", await readyz.Content.ReadAsStringAsync());
        var metrics = await http.GetStringAsync("/metrics");
        var samples = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => (Name: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(1, samples["tend_program_state{program=\"web\",state=\"RUNNING\"}"]);
        Assert.Equal(0, samples["tend_program_state{program=\"web\",state=\"FATAL\"}"]);
        Assert.Equal(3, samples["tend_program_last_exit_code{program=\"fails\"}"]);
        Assert.True(samples["tend_resident_memory_bytes"] > 1_000_000);
        tend.Signal(15);
        tend.WaitForExit();
    }

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
        Assert.Equal(4, refused.Code);
        Assert.Contains("permission denied", refused.Err);
        Assert.Equal(0, Ctl.Run(tend, "ctl", "status").Code is 0 or 3 ? 0 : 1);
        tend.Signal(15);
        tend.WaitForExit();
    }
}
