using System.Text.Json;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>Scheduled jobs under Tend as PID 1: runs, overlap, timeouts, run-job, status and metrics, shutdown, crontab files.</summary>
public class JobTests
{
    private static JsonElement JobStatus(TendHost tend, string name)
    {
        var (code, output, error) = Ctl.Run(tend, "ctl", "status", "--json");
        Assert.True(code is 0 or 3, error);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("jobs").EnumerateArray().First(j => j.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The control socket file appears once Tend listens (a file event; polled, with a deadline).</summary>
    private static void WaitForSocket(TendHost tend)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(tend.SocketPath))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no control socket. Transcript:\n{tend.Transcript()}");
            Thread.Sleep(20);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_job_every_second_and_see_its_runs_counted_in_status_metrics_and_logs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var file = dir.File("ticks");
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            programs:
              app:
                command: [sleep, inf]
            jobs:
              tick:
                schedule: "* * * * * *"
                command: ["/bin/sh", "-c", "echo tick-out; echo tick-err >&2; echo run >> {file}"]
            """, "--http", $"127.0.0.1:{port}");

        tend.WaitForCount("job tick: pid", 3);
        Assert.True(File.ReadAllLines(file).Length >= 3);
        tend.WaitForLine("tick | tick-out");
        tend.WaitForLine(l => l.Contains("tick | tick-err"), stream: "err"); // stderr apart

        var status = JobStatus(tend, "tick");
        Assert.True(status.GetProperty("successes").GetInt64() >= 3);
        Assert.Equal("success", status.GetProperty("last_result").GetString());
        Assert.Equal(0, status.GetProperty("last_exit_code").GetInt32());
        var next = status.GetProperty("next_run").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(3));

        var table = Ctl.Run(tend, "ctl", "status").Out;
        Assert.Contains(table.Split('\n'), l => l.StartsWith("tick ", StringComparison.Ordinal) && l.Contains("success") && l.Contains("UTC (in"));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync("/metrics");
        var successes = metrics.Split('\n').Single(l => l.StartsWith("tend_job_runs_total{job=\"tick\",result=\"success\"}", StringComparison.Ordinal));
        Assert.True(int.Parse(successes.Split(' ')[1]) >= 3, successes);
        Assert.Contains("tend_job_last_exit_code{job=\"tick\"} 0", metrics);
        Assert.Contains("tend_job_next_run_timestamp_seconds{job=\"tick\"}", metrics);
        Assert.Contains("tend_job_last_duration_seconds{job=\"tick\"}", metrics);

        var logs = Ctl.Run(tend, "ctl", "logs", "tick");
        Assert.Equal(0, logs.Code);
        Assert.Contains("tick-out", logs.Out);

        // Jobs never count for health.
        Assert.Equal(0, Ctl.Run(tend, "health").Code);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_run_skipped_and_logged_when_the_previous_one_still_runs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            jobs:
              slow:
                schedule: "* * * * * *"
                command: ["/bin/sh", "-c", "echo begin; sleep 2.5"]
            """);

        var skip = tend.WaitForLine("job slow: previous run (pid ");
        Assert.EndsWith("still running, skipping", skip);
        Assert.True(JobStatus(tend, "slow").GetProperty("skipped").GetInt64() >= 1);
        Assert.Equal(1, JobStatus(tend, "slow").GetProperty("running_pids").GetArrayLength());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_job_that_outlives_its_timeout_stopped_and_recorded_as_timeout()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            jobs:
              stuck:
                schedule: "@yearly"
                command: ["/bin/sh", "-c", "trap '' TERM; echo stuck; sleep 30"]
                timeout: 300ms
                stop_timeout: 300ms
            """);
        WaitForSocket(tend);

        var started = Ctl.Run(tend, "ctl", "run-job", "stuck");
        Assert.Equal(0, started.Code);
        Assert.StartsWith("stuck: started pid ", started.Out);
        tend.WaitForLine("job stuck: stopping pid");
        tend.WaitForLine(l => l.Contains("job stuck: pid") && l.Contains("killed after 300 ms"));
        var ended = tend.WaitForLine("timed out (signal KILL)");
        Assert.Contains("job stuck: pid", ended);
        var status = JobStatus(tend, "stuck");
        Assert.Equal("timeout", status.GetProperty("last_result").GetString());
        Assert.Equal("KILL", status.GetProperty("last_exit_signal").GetString());
        Assert.Equal(1, status.GetProperty("timeouts").GetInt64());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_job_now_and_am_told_why_not_when_it_runs_already()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gate = dir.File("gate");
        using var tend = TendHost.Run(dir, $"""
            jobs:
              report:
                schedule: "0 0 1 1 *"
                command: ["/bin/sh", "-c", "echo reporting; while [ ! -e {gate} ]; do sleep 0.05; done"]
            """);
        WaitForSocket(tend);

        var first = Ctl.Run(tend, "ctl", "run-job", "report");
        Assert.Equal(0, first.Code);
        tend.WaitForLine("report | reporting");
        var second = Ctl.Run(tend, "ctl", "run-job", "report");
        Assert.Equal(1, second.Code);
        Assert.Contains("previous run (pid", second.Err);
        File.WriteAllText(gate, "");
        tend.WaitForLine("job report: pid");

        var unknown = Ctl.Run(tend, "ctl", "run-job", "reprot");
        Assert.Equal(4, unknown.Code);
        Assert.Contains("did you mean 'report'?", unknown.Err);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_replace_stop_the_running_run_before_the_next_starts()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            jobs:
              fresh:
                schedule: "* * * * * *"
                concurrency: replace
                command: ["/bin/sh", "-c", "echo fresh; exec sleep 30"]
            """);

        tend.WaitForLine("replaced by a new run");
        tend.WaitForLine(l => l.Contains("job fresh: pid") && l.Contains("exited with signal TERM"));
        tend.WaitForCount("job fresh: started pid", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_shutdown_wait_for_a_running_job()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            jobs:
              long:
                schedule: "@yearly"
                stop_timeout: 10s
                command: ["/bin/sh", "-c", "trap 'sleep 0.3; echo cleaned-up; exit 0' TERM; echo working; while :; do sleep 0.05; done"]
            """);
        WaitForSocket(tend);
        Assert.Equal(0, Ctl.Run(tend, "ctl", "run-job", "long").Code);
        tend.WaitForLine("long | working");

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var lines = tend.Stdout.ToList();
        var cleaned = lines.FindIndex(l => l.EndsWith("| cleaned-up", StringComparison.Ordinal));
        var exited = lines.FindIndex(l => l.Contains("job long: pid") && l.Contains("exited with 0"));
        var exiting = lines.FindIndex(l => l.Contains("exiting with code 0"));
        Assert.True(cleaned >= 0 && exited > cleaned && exiting > exited, tend.Transcript());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_crontab_file_whose_environment_lines_reach_the_jobs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", """
            # supercronic-style, with seconds (7 fields)
            GREETING=hello from crontab
            * * * * * * * echo "$GREETING"
            """);
        using var tend = TendHost.Start(["run", "--crontab", crontab]);

        tend.WaitForLine("cron-1 | hello from crontab");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
