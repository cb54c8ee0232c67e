using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Tend's exit code tells the truth: the main program's, a critical program's, 1 after a failure.</summary>
public class ExitCodeTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_get_the_main_programs_exit_code_and_the_others_are_stopped()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              app:
                command: {Dummy("sleep", "0.3", "then", "exit", "3")}
                main: true
              sidecar:
                command: {Dummy("trap-term", "0", "then", "sleep", "inf")}
            """);
        Assert.Equal(3, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.Contains("main program ended, shutting down"));
        Assert.Contains(tend.Stdout, l => l.Contains("sidecar | term"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_get_128_plus_the_signal_when_the_main_program_is_killed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", "programs: {}\n");
        using var tend = TendHost.Start(["run", config, "--", Paths.Dummy, "kill-self", "KILL"]);
        Assert.Equal(137, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_give_the_main_program_after_double_dash_like_a_docker_cmd()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              helper:
                command: {Dummy("sleep", "inf")}
            """, "--", Paths.Dummy, "echo", "from cmd", "then", "exit", "5");
        Assert.Equal(5, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.Contains("| from cmd"));
        Assert.Contains(tend.Stdout, l => l.Contains("helper stopped"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_the_container_stop_with_the_code_of_a_critical_program_that_goes_fatal()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: {Dummy("exit", "9")}
                critical: true
                start_retries: 1
                backoff: {"{"}initial: 10ms{"}"}
              web:
                command: {Dummy("sleep", "inf")}
            """);
        Assert.Equal(9, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.Contains("db is critical and FATAL: shutting down"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_get_exit_code_100_and_every_located_error_for_a_bad_config()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: ["x"]
                restart: sometimes
                stop_timeout: soon
                bogus_key: 1
            """);
        Assert.Equal(100, tend.WaitForExit());
        var errors = string.Join("\n", tend.Stderr);
        Assert.Contains("tend.yaml:4:", errors);
        Assert.Contains("tend.yaml:5:", errors);
        Assert.Contains("tend.yaml:6:", errors);
    }
}
