using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Fifty programs started 10 to 13 ms slower with their stdout and stderr apart than merged
/// (issue 21): the second pipe took Tend's descriptor table past 64 in the middle of the start, and
/// the kernel grows a table that threads share only after an RCU grace period. Tend grows it in a
/// constructor, before the runtime has threads (src/Tend.Cli/Native/fd_table.c).
/// </summary>
public class DescriptorTableTests
{
    [Fact(Timeout = 60_000)]
    public async Task Tend_has_room_for_a_thousand_descriptors_from_its_start_whatever_its_parent_had()
    {
        await Task.Yield();
        // Started by a parent with few descriptors open (python's subprocess closes the rest), as a
        // container's runtime starts it: its table would begin with room for 64.
        var script = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)";
        var (code, stdout, stderr) = Tools.Run("python3",
            ["-c", script, "unshare", "--pid", "--fork", "--kill-child", "--mount-proc", Paths.Tend, "--", "/bin/sh", "-c", "grep FDSize /proc/1/status"],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}: {stdout}{stderr}");
        var line = stdout.Split('\n').FirstOrDefault(l => l.Contains("FDSize:", StringComparison.Ordinal));
        Assert.True(line is not null, $"no FDSize line from Tend's /proc/1/status: {stdout}{stderr}");
        var size = int.Parse(line![(line.IndexOf("FDSize:", StringComparison.Ordinal) + "FDSize:".Length)..].Trim());
        Assert.True(size >= 1024, $"Tend's descriptor table has room for {size}: it grows while its threads run (an RCU grace period each time)");
    }
}
