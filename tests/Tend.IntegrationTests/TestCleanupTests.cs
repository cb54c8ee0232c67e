using Tend.IntegrationTests.Infrastructure;
using Tend.TestInfrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// The test infrastructure ends what it started, whatever way a test ends: a failed assertion
/// inside the test's `using`, or the test process itself dying (a hang detector's SIGKILL, a
/// Ctrl-C, xunit abandoning a timed-out test and then exiting). Each Tend here runs a program that
/// leaves its process group and session (`setsid`), the hardest kind of leftover, and the test
/// reads /proc, as someone looking for leftovers on the machine would.
/// </summary>
public class TestCleanupTests
{
    private static readonly string Programs = $"""
        programs:
          web:
            command: ["/bin/sh", "-c", "setsid {Paths.Dummy} sleep 1000 & echo ready; exec sleep 1000"]
        """;

    [Fact(Timeout = 60_000)]
    public async Task A_test_that_fails_inside_its_using_leaves_nothing_of_its_Tend_running()
    {
        await Task.Yield();
        using var dir = new TempDir();
        List<int> tree = [];
        Assert.Throws<TimeoutException>(() =>
        {
            using var tend = TendHost.Run(dir, Programs);
            tend.WaitForLine("| ready");
            tree = WholeTree(tend);
            tend.WaitForLine("a line that never comes", TimeSpan.FromMilliseconds(100)); // the test's failure
        });
        Assert.NotEmpty(tree);
        Assert.DoesNotContain(tree, ProcessJanitor.IsRunning);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_Tend_as_PID_1_left_by_a_dying_test_process_is_ended_with_its_whole_namespace()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var janitor = new ProcessJanitor();
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", Programs)], janitor: janitor);
        tend.WaitForLine("| ready");
        var tree = WholeTree(tend);

        Assert.True(janitor.Close(TimeSpan.FromSeconds(20)), "the janitor did not finish"); // what the kernel does when the test process dies
        AssertAllEnded(tree);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_Tend_not_PID_1_left_by_a_dying_test_process_is_ended_with_everything_it_started()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var janitor = new ProcessJanitor();
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", Programs)], pid1: false, janitor: janitor);
        tend.WaitForLine("| ready");
        var tree = WholeTree(tend);

        Assert.True(janitor.Close(TimeSpan.FromSeconds(20)), "the janitor did not finish");
        AssertAllEnded(tree);
    }

    /// <summary>Every process of the host (launcher, Tend, web, web's setsid child), once all four are there.</summary>
    private static List<int> WholeTree(TendHost tend)
    {
        var expected = tend.LauncherPid == tend.TendPid ? 3 : 4;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var tree = ProcessJanitor.Tree(tend.LauncherPid);
            if (tree.Count >= expected) return tree;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the host's tree has {tree.Count} processes, not {expected}");
            Thread.Sleep(10); // the setsid child is forked after `ready` is printed
        }
    }

    /// <summary>Waits (bounded) for the kernel to finish the kills, then names whatever still runs.</summary>
    private static void AssertAllEnded(List<int> tree)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (tree.Any(ProcessJanitor.IsRunning) && DateTime.UtcNow < deadline) Thread.Sleep(10);
        var running = tree.Where(ProcessJanitor.IsRunning).Select(p => $"{p} ({Command(p)})").ToList();
        Assert.True(running.Count == 0, "still running: " + string.Join(", ", running));
    }

    private static string Command(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return "gone"; }
    }
}
