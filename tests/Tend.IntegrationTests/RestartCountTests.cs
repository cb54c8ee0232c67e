using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// RESTARTS tells how many times a program was started again, whatever started it: a crash, a
/// backoff retry, `tend ctl restart`, a reload that changed it. The same number in `status --json` and /metrics.
/// </summary>
public class RestartCountTests
{
    [Fact(Timeout = 90_000)]
    public async Task I_see_every_start_after_the_first_counted_through_a_crash_loop_a_ctl_restart_and_a_reload()
    {
        await Task.Yield();
        using var dir = new TempDir();
        // Default settings: start_seconds 1s, start_retries 3, backoff from 1s.
        string Config(string steadyCommand) => $"""
            programs:
              flaky:
                command: [sh, -c, "exit 1"]
              steady:
                command: {steadyCommand}
            """;
        using var tend = TendHost.Run(dir, Config(Dummy("sleep", "inf")));
        tend.WaitForLine("flaky exited with 1 within 1 s of starting, 4 failed starts in a row: giving up (FATAL)", TimeSpan.FromSeconds(40));
        var flakyStarts = tend.Count("flaky started pid");
        Assert.Equal(4, flakyStarts);
        Ctl.WaitForStatus(tend, r => r.StartsWith("steady ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "steady").Code);
        tend.WaitForCount("steady started pid", 2);
        dir.Write("tend.yaml", Config("[sleep, \"100000\"]")); // a reload that changes it restarts it
        Assert.Equal(0, Ctl.Run(tend, "ctl", "reload").Code);
        tend.WaitForCount("steady started pid", 3);
        Ctl.WaitForStatus(tend, r => r.StartsWith("steady ", StringComparison.Ordinal) && r.Contains("RUNNING"));

        var rows = Ctl.Run(tend, "ctl", "status").Out.Split('\n');
        Assert.StartsWith("NAME", rows[0]);
        var column = Array.IndexOf(Regex.Split(rows[0].Trim(), @"\s{2,}"), "RESTARTS");
        string Restarts(string name) => Regex.Split(rows.Single(r => r.StartsWith(name + " ", StringComparison.Ordinal)).Trim(), @"\s{2,}")[column];
        Assert.Equal((flakyStarts - 1).ToString(), Restarts("flaky"));
        Assert.Equal("2", Restarts("steady"));

        var json = Ctl.Run(tend, "ctl", "status", "--json").Out;
        Assert.Matches($"\"name\":\"flaky\"[^}}]*\"restarts\":{flakyStarts - 1}[,}}]", json);
        Assert.Matches("\"name\":\"steady\"[^}]*\"restarts\":2[,}]", json);

        var metrics = LogPressureTests.RawRequest(tend.SocketPath, "GET /metrics HTTP/1.1\r\nHost: tend\r\nConnection: close\r\n\r\n");
        Assert.Contains($"tend_program_restarts_total{{program=\"flaky\"}} {flakyStarts - 1}\n", metrics);
        Assert.Contains("tend_program_restarts_total{program=\"steady\"} 2\n", metrics);
        tend.Signal(15);
        tend.WaitForExit();
    }
}
