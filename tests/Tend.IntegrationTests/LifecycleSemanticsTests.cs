using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// The life-cycle semantics users expect (issue 18), each from the user's side: the config they
/// write with the default settings (start_seconds, backoff left out), the command they type, and
/// what they see. Every one of these failed before the life cycle was fixed.
/// </summary>
public class LifecycleSemanticsTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_the_readme_migrate_task_run_once_and_the_web_start_after_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var runs = dir.File("migrate-runs");
        // README's own example: a oneshot init task, and a program that waits for its success.
        using var tend = TendHost.Run(dir, $"""
            programs:
              migrate:
                command: ["sh", "-c", "echo run >> {runs}; echo migrated"]
                restart: never                  # a oneshot init task
              web:
                command: {Dummy("echo", "serving", "then", "sleep", "inf")}
                depends_on: {"{"}migrate: {"{"}condition: completed_successfully{"}"}{"}"}
            """);
        tend.WaitForLine("migrate exited with 0, not restarting (restart: never)");
        tend.WaitForLine("serving");
        Assert.Single(File.ReadAllLines(runs));
        Assert.Equal(1, tend.Count("migrate started pid"));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("FATAL"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_quick_failure_of_a_restart_never_program_run_once_too()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              check:
                command: {Dummy("exit", "3")}
                restart: never
              done:
                command: {Dummy("exit", "4")}
                restart: on-failure
                exit_codes: [0, 4]
              steady:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine("check exited with 3, not restarting (restart: never)");
        tend.WaitForLine("done exited with 4, not restarting (restart: on-failure)");
        Ctl.WaitForStatus(tend, r => r.StartsWith("steady ", StringComparison.Ordinal) && r.Contains("RUNNING"));
        Assert.Equal(1, tend.Count("check started pid"));
        Assert.Equal(1, tend.Count("done started pid"));
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit()); // check ended with an unexpected code: a failure
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_supervisord_conf_keep_supervisords_rule_a_quick_exit_is_retried_even_with_autorestart_false()
    {
        await Task.Yield();
        using var dir = new TempDir();
        // The real supervisord 4.2 on this file: spawned twice, "exited: once (exit status 0; not
        // expected)" each time, then "gave up: once entered FATAL state".
        var config = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true

            [program:once]
            command=/bin/sh -c "exit 0"
            autorestart=false
            startretries=1

            [program:steady]
            command=/bin/sleep 1000
            """);
        using var tend = TendHost.Start(["run", config]);
        tend.WaitForLine("once exited with 0 within 1 s of starting, 2 failed starts in a row: giving up (FATAL)");
        Assert.Equal(2, tend.Count("once started pid"));
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_crash_loop_paced_by_the_backoff_even_with_startsecs_0()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true

            [program:crashy]
            command=/bin/sh -c "exit 1"
            startsecs=0
            autorestart=true
            """);
        using var tend = TendHost.Start(["run", config]);
        tend.WaitForLine("crashy started pid");
        var clock = Stopwatch.StartNew();
        tend.WaitForCount("crashy started pid", 3, TimeSpan.FromSeconds(20));
        // The backoff: 1 s, then 2 s. Before, it restarted about 500 times a second.
        Assert.True(clock.ElapsedMilliseconds >= 2500, $"3 starts within {clock.ElapsedMilliseconds} ms:\n{tend.Transcript()}");
        Assert.True(tend.Count("crashy started pid") <= 4, tend.Transcript());
        tend.WaitForLine("crashy exited with 1 after");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_tend_yaml_crash_loop_with_start_seconds_0_paced_too_and_never_fatal()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              crashy:
                command: {Dummy("exit", "1")}
                start_seconds: 0
                start_retries: 0
            """);
        tend.WaitForLine("crashy started pid");
        var clock = Stopwatch.StartNew();
        tend.WaitForCount("crashy started pid", 3, TimeSpan.FromSeconds(20));
        Assert.True(clock.ElapsedMilliseconds >= 2500, $"3 starts within {clock.ElapsedMilliseconds} ms:\n{tend.Transcript()}");
        tend.WaitForLine("(crash 2 in a row within 1 s of starting)");
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("FATAL"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_that_had_been_running_restarted_at_once()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              worker:
                command: {Dummy("sleep", "1.3", "then", "exit", "1")}
            """);
        tend.WaitForLine("worker exited with 1 after");
        tend.WaitForLine("restarting in 0 ms");
        tend.WaitForCount("worker started pid", 2);
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_reload_start_the_program_with_its_new_environment()
    {
        await Task.Yield();
        using var dir = new TempDir();
        // The old process takes a while to stop while its exec probe keeps running: the probe must
        // not bring the old environment back for the new process.
        string Config(string colour) => $"""
            programs:
              app:
                command: ["sh", "-c", "echo colour=$COLOUR; trap 'sleep 0.5; exit 0' TERM; while :; do sleep 0.05; done"]
                environment: {"{"}COLOUR: {colour}{"}"}
                readiness: {"{"}exec: ["true"], interval: 50ms{"}"}
            """;
        var config = dir.Write("tend.yaml", Config("red"));
        using var tend = TendHost.Start(["run", config]);
        tend.WaitForLine("colour=red");
        tend.WaitForLine("app is ready");
        File.WriteAllText(config, Config("blue"));
        Assert.Equal(0, Ctl.Run(tend, "ctl", "reload").Code);
        tend.WaitForCount("app started pid", 2);
        tend.WaitForCount("colour=", 2);
        Assert.EndsWith("colour=blue", tend.Stdout.Last(l => l.Contains("colour=", StringComparison.Ordinal)));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_restart_with_follow_a_liveness_restart_and_a_reload_restart()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var alive = dir.File("alive");
        File.WriteAllText(alive, "");
        string Config(string version) => $"""
            programs:
              db:
                command: {Dummy("sleep", "inf")}
                environment: {"{"}VERSION: "{version}"{"}"}
                liveness: {"{"}exec: ["test", "-f", {Quote(alive)}], interval: 100ms, failure_threshold: 2{"}"}
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: [db]
                restart_with: [db]
            """;
        var config = dir.Write("tend.yaml", Config("1"));
        using var tend = TendHost.Start(["run", config]);
        tend.WaitForLine("db started pid");
        tend.WaitForLine("web started pid");
        File.Delete(alive);
        tend.WaitForLine("db failed its liveness probe: restarting");
        File.WriteAllText(alive, "");
        tend.WaitForCount("db started pid", 2);
        tend.WaitForCount("web started pid", 2);
        File.WriteAllText(config, Config("2"));
        Assert.Equal(0, Ctl.Run(tend, "ctl", "reload").Code);
        tend.WaitForCount("db started pid", 3);
        tend.WaitForCount("web started pid", 3);
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_critical_program_that_will_not_restart_end_the_container_with_its_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        // The entrypoint guide's "one exits, all stop": critical and restart: never.
        using var tend = TendHost.Run(dir, $"""
            programs:
              worker:
                command: {Dummy("sleep", "1.2", "then", "exit", "7")}   # up past start_seconds
                critical: true
                restart: never
              web:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine("worker exited with 7");
        Assert.Equal(7, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.Contains("web stopped"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_the_reason_of_the_last_transition_in_ctl_status()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              check:
                command: {Dummy("exit", "3")}
                restart: never
              steady:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine("check exited with 3");
        var row = Ctl.WaitForStatus(tend, r => r.StartsWith("check ", StringComparison.Ordinal) && r.Contains("EXITED"));
        Assert.Contains("exited with 3, not restarting (restart: never)", row);
        using (var json = System.Text.Json.JsonDocument.Parse(Ctl.Run(tend, "ctl", "status", "--json").Out))
        {
            var check = json.RootElement.GetProperty("programs").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "check");
            Assert.Equal("exited with 3, not restarting (restart: never)", check.GetProperty("reason").GetString());
            Assert.Equal("Exited", check.GetProperty("phase").GetString());
        }
        Assert.Equal(0, Ctl.Run(tend, "ctl", "stop", "steady").Code);
        var stopped = Ctl.WaitForStatus(tend, r => r.StartsWith("steady ", StringComparison.Ordinal) && r.Contains("STOPPED"));
        Assert.Contains("stop requested", stopped);
        tend.Signal(15);
        tend.WaitForExit();
    }
}
