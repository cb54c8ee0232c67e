using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>`podman stop -t 10` on Tend as the container's PID 1.</summary>
public class StopTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task Podman_stop_gives_every_program_its_stop_signal_and_the_container_exits_0_well_inside_the_grace_period()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              db:
                command: {Graceful("db", drain: "0.3")}
                priority: 10
              web:
                command: {Graceful("web")}
                priority: 20
              worker:
                command: {Graceful("worker", signal: "INT")}
                priority: 20
                stop_signal: INT
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);
        foreach (var name in new[] { "db", "web", "worker" }) c.WaitForLine($@"^{name}\s+\| {name} up$");

        var took = c.Stop(10);

        Assert.True(took < TimeSpan.FromSeconds(5), $"podman stop took {took.TotalSeconds:0.00} s of its 10 s grace period");
        Assert.Equal(0, c.ExitCode);
        Assert.DoesNotContain("SIGKILL", c.StopWarnings);
        foreach (var name in new[] { "db", "web", "worker" })
        {
            c.WaitForLine($@"^{name}\s+\| {name} got (TERM|INT)$", timeout: TimeSpan.FromSeconds(1));
            c.WaitForLine($@"^{name}\s+\| {name} drained$", timeout: TimeSpan.FromSeconds(1));
        }
        var lines = c.Stdout.ToList();
        int Index(string text) => lines.FindIndex(l => l.EndsWith(text, StringComparison.Ordinal));
        Assert.True(Index("web drained") < Index("db got TERM") && Index("worker drained") < Index("db got TERM"),
            "db (lower priority) is stopped after web and worker:\n" + string.Join('\n', lines));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_program_ignoring_TERM_is_killed_at_its_stop_timeout_before_the_engine_has_to()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"""
            programs:
              stubborn:
                command: {Sh("trap '' TERM; echo stubborn up; while :; do sleep 1; done")}
                stop_timeout: 2s
              web:
                command: {Graceful("web")}
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);
        c.WaitForLine(@"^stubborn\s+\| stubborn up$");
        c.WaitForLine(@"^web\s+\| web up$");

        var took = c.Stop(10);

        Assert.True(took > TimeSpan.FromSeconds(1.8) && took < TimeSpan.FromSeconds(7),
            $"podman stop took {took.TotalSeconds:0.00} s: Tend's own stop_timeout (2 s) should end it, not podman's 10 s");
        Assert.DoesNotContain("SIGKILL", c.StopWarnings); // podman did not have to resort to it
        c.WaitForLine(@"^tend\s+\| stubborn killed after", timeout: TimeSpan.FromSeconds(1));
        c.WaitForLine(@"^web\s+\| web drained$", timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(1, c.ExitCode); // a program killed at its stop timeout is a failure, not 137 from the engine
    }
}
