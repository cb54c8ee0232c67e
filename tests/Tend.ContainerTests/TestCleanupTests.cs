using Tend.ContainerTests.Infrastructure;
using Tend.TestInfrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// A container a test started is removed even when the test process dies before the test's
/// Dispose (a hang detector's SIGKILL, a Ctrl-C): the janitor removes it when the test process's
/// pipe closes, which is what the kernel does to that pipe when the process ends.
/// </summary>
public class TestCleanupTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task A_container_left_by_a_dying_test_process_is_removed()
    {
        await Task.Yield();
        using var dir = new TempDir();
        dir.Write("tend.yaml", $"programs:\n  web:\n    command: {Programs.Graceful("web")}\n");
        using var janitor = new ProcessJanitor();
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"], janitor: janitor);
        c.WaitForLine("web up");

        Assert.True(janitor.Close(TimeSpan.FromSeconds(60)), "the janitor did not finish");
        Assert.Equal(1, Podman.Run("container", "exists", c.Name).Code); // 1: no such container
    }
}
