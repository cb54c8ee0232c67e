using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>The container's exit code tells the truth.</summary>
public class ExitCodeTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task A_main_program_exiting_3_gives_container_exit_code_3()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              web:
                command: {Graceful("web")}
            """);
        // The image's ENTRYPOINT is `tend run`; the CMD after `--` is the main program.
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"],
            ["--", "/bin/sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; echo main exits 3; exit 3"]);
        c.WaitForLine(@"^web\s+\| web up$");
        Assert.Equal(0, c.Exec("touch", "/tmp/go").Code);

        Assert.Equal(3, c.WaitForExit());
        Assert.Equal(3, c.ExitCode);
        c.WaitForLine(@"\| main exits 3$");
        c.WaitForLine(@"^web\s+\| web drained$"); // the others were stopped gracefully first
    }

    [Fact(Timeout = 120_000)]
    public async Task A_critical_program_going_FATAL_stops_the_container_with_its_exit_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              web:
                command: {Graceful("web")}
              broker:
                command: {Sh("echo broker cannot bind; exit 7")}
                critical: true
                start_seconds: 1
                start_retries: 2
                backoff:
                  initial: 100ms
                  max: 200ms
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);

        Assert.Equal(7, c.WaitForExit());
        Assert.Equal(7, c.ExitCode);
        c.WaitForLine(@"^broker\s+\| broker cannot bind$");
        c.WaitForLine(@"^tend\s+\|.*broker.*FATAL");
        c.WaitForLine(@"^web\s+\| web drained$");
    }
}
