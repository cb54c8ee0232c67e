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

    [Fact(Timeout = 60_000)]
    public async Task Programs_get_the_table_they_would_have_had_without_Tend()
    {
        await Task.Yield();
        // A room Tend's programs inherited would be 8 KiB of the kernel's per program, and FDSize
        // 1024 in their /proc status. Neither a spawned child nor one the exec helper (`user:`) execs
        // inherits it: both get tables sized by what is open.
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              spawned:
                command: ["/bin/sh", "-c", "echo spawned $(grep FDSize /proc/self/status); exec sleep 1000"]
              helped:
                command: ["/bin/sh", "-c", "echo helped $(grep FDSize /proc/self/status); exec sleep 1000"]
                user: nobody
            """);
        foreach (var name in new[] { "spawned", "helped" })
        {
            var line = tend.WaitForLine($"{name} FDSize:");
            var size = int.Parse(line[(line.IndexOf("FDSize:", StringComparison.Ordinal) + "FDSize:".Length)..].Trim());
            Assert.True(size < 1024, $"{name}: the program's descriptor table has room for {size}, Tend's own ({line})");
        }
    }
}
