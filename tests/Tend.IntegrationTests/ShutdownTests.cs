using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>docker stop: every program gets its stop signal, in reverse priority, stragglers are killed.</summary>
public class ShutdownTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_can_stop_everything_with_sigterm_and_get_0_when_all_stop_cleanly()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var programs = string.Concat(Enumerable.Range(1, 10).Select(i => $"""
              p{i}:
                command: {Dummy("trap-term", "100", "then", "echo", "ready", "then", "sleep", "inf")}

            """));
        using var tend = TendHost.Run(dir, "programs:\n" + programs);
        tend.WaitForCount("| ready", 10);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Equal(10, tend.Stdout.Count(l => l.EndsWith("| term", StringComparison.Ordinal)));
        Assert.Equal(10, tend.Stdout.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"p\d+ stopped$")));
        Assert.Contains(tend.Stdout, l => l.Contains("exiting with code 0"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_programs_stop_in_reverse_priority_order()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: {Dummy("trap-term", "50", "then", "echo", "ready", "then", "sleep", "inf")}
                priority: 10
              web:
                command: {Dummy("trap-term", "200", "then", "echo", "ready", "then", "sleep", "inf")}
                priority: 100
            """);
        tend.WaitForCount("| ready", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var lines = tend.Stdout.ToList();
        var webStopped = lines.FindIndex(l => l.EndsWith("web stopped", StringComparison.Ordinal));
        var dbTerm = lines.FindIndex(l => l.StartsWith("db", StringComparison.Ordinal) && l.EndsWith("| term", StringComparison.Ordinal));
        Assert.True(webStopped >= 0 && dbTerm > webStopped, tend.Transcript());
        Assert.True(lines.FindIndex(l => l.Contains("db started pid")) < lines.FindIndex(l => l.Contains("web started pid")),
            "db (priority 10) starts before web (priority 100)");
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_that_ignores_term_killed_after_its_stop_timeout_and_exit_1()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              stubborn:
                command: {Dummy("ignore-term", "then", "echo", "ready", "then", "sleep", "inf")}
                stop_timeout: 300ms
            """);
        tend.WaitForLine("stubborn | ready");
        tend.Signal(15);
        Assert.Equal(1, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.Contains("stubborn killed after 300 ms (did not stop on TERM)"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_leftover_processes_terminated_when_tend_is_pid1()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var log = dir.File("orphan.log");
        // The program leaves a real orphan (its parent exits, so it is re-parented to Tend) that must
        // still get TERM at shutdown, after the programs themselves have stopped.
        var script = $"(trap 'echo orphan-got-term >> {log}; exit 0' TERM; echo started >> {log}; while :; do sleep 0.05; done) & exit 0";
        using var tend = TendHost.Run(dir, $"""
            programs:
              leaver:
                command: ["/bin/sh", "-c", {Quote(script)}]
                restart: never
                start_seconds: 0
            """);
        tend.WaitForLine("leaver exited with 0");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(File.Exists(log) && File.ReadAllText(log).Contains("started")) && DateTime.UtcNow < deadline) await Task.Delay(10);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Contains("orphan-got-term", File.ReadAllText(log));
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("sending SIGKILL"));
    }
}
