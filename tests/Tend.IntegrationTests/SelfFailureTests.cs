using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Tend's own bugs, as PID 1: a handler's exception is logged and supervision goes on; a loop that
/// cannot go on stops the programs gracefully and exits 102, never hangs. The bugs are injected
/// through TEND_TEST_INJECT_FAULT (see Supervisor.TestFaults.cs), fired by SIGUSR2.
/// </summary>
public class SelfFailureTests
{
    private static TendHost Start(TempDir dir, string fault, string yaml) =>
        TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: new Dictionary<string, string> { ["TEND_TEST_INJECT_FAULT"] = fault });

    private static string Trapping(string name) => $"""
          {name}:
            command: {Dummy("trap-term", "50", "then", "echo", "ready", "then", "sleep", "inf")}

        """;

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_failing_handler_logged_and_supervision_going_on()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = Start(dir, "throw-once", "programs:\n" + Trapping("web"));
        tend.WaitForLine("| ready");
        tend.Signal(12);
        tend.WaitForLine("internal error in signal handling: injected test fault (throw-once)");

        var (code, _, err) = Ctl.Run(tend, "ctl", "restart", "web");
        Assert.True(code == 0, err);
        tend.WaitForCount("| ready", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_spinning_loop_give_up_stop_the_programs_and_exit_102()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = Start(dir, "wedge", "programs:\n" + Trapping("web") + Trapping("db"));
        tend.WaitForCount("| ready", 2);
        tend.Signal(12);
        Assert.Equal(102, tend.WaitForExit());
        var transcript = tend.Transcript();
        Assert.Contains("internal errors keep coming", transcript);
        Assert.Contains("the supervision loop cannot go on", transcript);
        // Each program got its stop signal and had time to act on it.
        Assert.Equal(2, tend.Stdout.Count(l => l.EndsWith("| term", StringComparison.Ordinal)));
        Assert.Contains(tend.Stdout, l => l.Contains("web exited with exit code 0"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_an_exception_escaping_the_loop_stop_the_programs_kill_stragglers_and_exit_102()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = Start(dir, "escape", "programs:\n" + Trapping("web") + $"""
              stubborn:
                command: {Dummy("ignore-term", "then", "echo", "ready", "then", "sleep", "inf")}
                stop_timeout: 300ms

            """);
        tend.WaitForCount("| ready", 2);
        tend.Signal(12);
        Assert.Equal(102, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.StartsWith("web ", StringComparison.Ordinal) && l.EndsWith("| term", StringComparison.Ordinal));
        Assert.Contains(tend.Stdout, l => l.Contains("stubborn killed: Tend is exiting after an internal error"));
        Assert.Contains(tend.Stdout, l => l.Contains("stubborn exited with signal KILL"));
    }
}
