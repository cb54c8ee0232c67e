using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>
/// Issue 26 item 2 in a memory-limited container (`podman run --memory 64m`): a program that
/// allocates past the limit is reported as killed by the OOM killer, in Tend's log, in
/// `tend ctl status` and /metrics, and restarted; Tend stays up; a plain `kill -9` of another
/// program is not mistaken for it. Item 3 where the container does not allow per-program cgroups
/// (cgroup v1 here, read-only otherwise): the program runs, with one warning naming the reason.
/// Needs only the tend image (<see cref="Images.Only"/>).
/// </summary>
public class OomTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_program_past_the_memory_limit_is_reported_as_OOM_killed_and_restarted_and_Tend_stays_up()
    {
        await Task.Yield();
        var image = Images.Only("tend");
        using var dir = new TempDir();
        // The hog doubles a string until the kernel kills it, on its first run only; restarted, it is calm.
        dir.Write("tend.yaml", $"""
            http: 127.0.0.1:9090
            programs:
              hog:
                command: {Sh("if [ ! -e /tmp/ran ]; then touch /tmp/ran; echo allocating; exec awk 'BEGIN { s = \"x\"; while (1) s = s s }'; fi; echo calm; exec sleep 1000")}
              victim:
                command: {Sh("echo $$ > /tmp/victim.pid; exec sleep 1000")}
              capped:
                command: {Sh("echo capped runs; exec sleep 1000")}
                limits: {"{"}memory: 32m, pids: 50{"}"}
            """);
        using var c = Container.Run(image, ["--memory", "64m", "--memory-swap", "64m", "-v", $"{dir.Path}:/etc/tend:ro"]);

        c.WaitForLine(@"^tend\s+\| hog was killed by the OOM killer \(memory limit 64 MiB\)$", timeout: TimeSpan.FromSeconds(90));
        c.WaitForLine(@"^hog\s+\| calm$");
        c.WaitForLine(@"^tend\s+\| hog running");
        var status = c.Exec("tend", "ctl", "status");
        var hogRow = status.Out.Split('\n').Single(l => l.StartsWith("hog ", StringComparison.Ordinal));
        Assert.Contains("SIGKILL (OOM)", hogRow);
        Assert.Contains("RUNNING", hogRow);
        var metrics = c.Exec("wget", "-qO-", "http://127.0.0.1:9090/metrics");
        Assert.Contains("tend_program_oom_kills_total{program=\"hog\"} 1\n", metrics.Out);
        Assert.Contains("tend_program_oom_kills_total{program=\"victim\"} 0\n", metrics.Out);

        // A plain kill -9 after it: a SIGKILL, not the OOM killer.
        var victimPid = c.Exec("cat", "/tmp/victim.pid").Out.Trim();
        Assert.Equal(0, c.Exec("kill", "-9", victimPid).Code);
        c.WaitForLine(@"^tend\s+\| victim exited with signal KILL");
        c.WaitForLine(@"^tend\s+\| victim started pid");
        Assert.DoesNotContain(c.Stdout, l => l.Contains("victim was killed by the OOM killer"));
        var victimRow = c.Exec("tend", "ctl", "status").Out.Split('\n').Single(l => l.StartsWith("victim ", StringComparison.Ordinal));
        Assert.Contains("SIGKILL", victimRow);
        Assert.DoesNotContain("OOM", victimRow);

        // limits: where the container's cgroup cannot give a program its own: one clear warning, and it runs.
        c.WaitForLine(@"^capped\s+\| capped runs$");
        var warning = c.WaitForLine(@"^tend\s+\| capped: limits: not applied: ");
        Assert.Matches("cgroup v1|read-only|not delegated|not writable", warning);

        // Tend itself is still PID 1 and answers; it stops cleanly.
        Assert.Equal("true", c.Inspect("{{.State.Running}}"));
        Assert.True(c.Stop(10) < TimeSpan.FromSeconds(8));
        Assert.Equal(0, c.ExitCode);
    }
}
