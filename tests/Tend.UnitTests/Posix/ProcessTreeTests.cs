using System.Diagnostics;
using Tend.Posix;

namespace Tend.UnitTests.Posix;

/// <summary>
/// ProcessTree against real processes (the test process is not Tend: System.Diagnostics.Process is
/// fine here): a grandchild started with setsid is found under its grandparent, with a group of its
/// own, and is no longer alive once killed.
/// </summary>
public class ProcessTreeTests
{
    [Fact(Timeout = 30_000)]
    public async Task Descendants_include_a_setsid_grandchild_in_a_group_of_its_own()
    {
        await Task.Yield();
        var ready = Path.Combine(Path.GetTempPath(), $"tend-tree-{Guid.NewGuid():N}");
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", $"setsid sh -c 'echo $$ > {ready}; exec sleep 60' & exec sleep 60"])
        {
            UseShellExecute = false,
        })!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(ready) || File.ReadAllText(ready).Trim().Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the grandchild did not start");
                await Task.Delay(20);
            }
            var grandchild = int.Parse(File.ReadAllText(ready).Trim());

            var member = Assert.Single(ProcessTree.Scan().Descendants(parent.Id), m => m.Pid == grandchild);
            Assert.Equal(grandchild, member.ProcessGroup); // setsid: its own session and group
            Assert.True(ProcessTree.IsAlive(member));
            Assert.Empty(ProcessTree.Scan().Descendants(grandchild)); // sleep was exec'd: no children

            Assert.Equal(0, kill(grandchild, 9));
            while (ProcessTree.IsAlive(member))
            {
                Assert.True(DateTime.UtcNow < deadline, "the killed grandchild still counts as alive");
                await Task.Delay(20);
            }
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            File.Delete(ready);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int signal);
}
