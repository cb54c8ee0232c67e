using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>`podman kill -s HUP` reloads the configuration inside the container.</summary>
public class ReloadTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task Podman_kill_HUP_applies_a_changed_mounted_config_and_keeps_unchanged_programs_running()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var web = $"""
              web:
                command: {Graceful("web")}
                start_seconds: 0
            """;
        dir.Write("tend.yaml", $"programs:\n{web}\n");
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend"]);
        c.WaitForLine(@"^web\s+\| web up$");
        c.WaitForLine(@"^tend\s+\| web started pid \d+");

        dir.Write("tend.yaml", $"""
            programs:
            {web}
              cache:
                command: {Graceful("cache")}
                start_seconds: 0
            """);
        Podman.Ok("kill", "-s", "HUP", c.Name);

        c.WaitForLine(@"^cache\s+\| cache up$");
        var status = c.Exec("tend", "ctl", "status");
        Assert.Equal(0, status.Code);
        Assert.Matches(@"(?m)^cache\s+RUNNING", status.Out);
        Assert.Matches(@"(?m)^web\s+RUNNING", status.Out);
        Assert.Single(c.Stdout, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^tend\s+\| web started pid \d+")); // not restarted
        Assert.Single(c.Stdout, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^web\s+\| web up$"));
        Assert.Equal("running", c.Inspect("{{.State.Status}}")); // HUP did not stop the container
    }
}
