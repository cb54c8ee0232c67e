using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>Orphans made inside the container come back to Tend (PID 1) and are reaped.</summary>
public class ReapTests : IClassFixture<BuiltImages>
{
    [Fact(Timeout = 120_000)]
    public async Task Orphans_left_by_a_program_are_reaped_and_no_zombie_shows_in_podman_top()
    {
        await Task.Yield();
        using var dir = new TempDir();
        // Each `sh -c 'sleep 0.3 &'` exits at once, so its sleep is orphaned: re-parented to PID 1,
        // which must reap it when it exits.
        dir.Write("tend.yaml", $"""
            programs:
              spawner:
                command: {Sh("i=0; while [ $i -lt 30 ]; do sh -c 'sleep 0.3 &'; i=$((i+1)); done; echo orphans made; exec sleep 1000")}
            """);
        using var c = Container.Run(Images.Tend, ["-v", $"{dir.Path}:/etc/tend:ro"]);
        c.WaitForLine(@"^spawner\s+\| orphans made$");

        // The orphans are children of PID 1 while they run; once they have all exited (podman top
        // lists no `sleep 0.3` left), none may be a zombie.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string top;
        while (true)
        {
            top = Podman.Ok("top", c.Name, "pid", "ppid", "args");
            if (!top.Contains("sleep 0.3")) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("orphans still running:\n" + top);
            Thread.Sleep(100); // podman top is a snapshot; each one is the event we wait on
        }
        var ps = c.Exec("ps", "-o", "pid,ppid,stat,args");
        Assert.Equal(0, ps.Code);
        var rows = ps.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.DoesNotContain(rows, r => r[2].StartsWith('Z'));
        Assert.DoesNotContain("defunct", top);
        Assert.Contains(rows, r => r[0] == "1" && r[3].EndsWith("tend")); // Tend is PID 1
        Assert.True(c.Stop(10) < TimeSpan.FromSeconds(5));
        Assert.Equal(0, c.ExitCode);
    }
}
