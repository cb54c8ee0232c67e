using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 26 items 2 and 3 under Tend as PID 1: a program's rlimits: and oom_score_adj: hold from its
/// first instruction, every other program gets oom_score_adj 0 back whatever Tend set for itself,
/// and a plain `kill -9` is not mistaken for the OOM killer. (OOM kills themselves and cgroup
/// limits need a memory-limited container: tests/Tend.ContainerTests/OomTests.cs.)
/// </summary>
public class ResourceLimitTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_my_program_start_with_the_rlimits_and_oom_score_adj_I_wrote_and_the_others_with_the_default()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", """
            programs:
              web:
                command: ["/bin/sh", "-c", "echo limits nofile=$(ulimit -Sn):$(ulimit -Hn) core=$(ulimit -c) adj=$(cat /proc/self/oom_score_adj); exec sleep 1000"]
                rlimits: {nofile: "512:1024", core: 0}
                oom_score_adj: 500
              plain:
                command: ["/bin/sh", "-c", "echo plain adj=$(cat /proc/self/oom_score_adj) tend=$(cat /proc/1/oom_score_adj); exec sleep 1000"]
            """)], env: new Dictionary<string, string> { ["TEND_DEBUG"] = "1" });
        tend.WaitForLine("limits nofile=512:1024 core=0 adj=500");
        var plain = tend.WaitForLine("plain adj=0 tend=");
        // Tend protects itself where it may (CAP_SYS_RESOURCE), and says so either way at debug level.
        if (plain.EndsWith("tend=-1000", StringComparison.Ordinal)) tend.WaitForLine("tend: oom_score_adj -1000 (the OOM killer spares Tend)");
        else
        {
            Assert.EndsWith("tend=0", plain);
            tend.WaitForLine("tend: cannot set its own oom_score_adj to -1000 (permission denied (lowering it needs CAP_SYS_RESOURCE))");
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_running_as_another_user_get_its_rlimits_too()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              worker:
                command: ["/bin/sh", "-c", "echo worker uid=$(id -u) nofile=$(ulimit -n) $(grep 'Max processes' /proc/self/limits | tr -s ' '); exec sleep 1000"]
                user: nobody
                rlimits: {nofile: 256, nproc: 100}
            """);
        tend.WaitForLine("worker uid=65534 nofile=256 Max processes 100 100 processes");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_am_told_clearly_when_an_rlimit_is_above_what_the_container_allows()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: ["/bin/sleep", "1000"]
                rlimits: {nofile: 100000000}
            """);
        tend.WaitForLine("cannot start \"web\": setrlimit nofile: ");
        Assert.Equal(0, tend.Count("OOM"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_do_not_see_a_plain_kill_9_reported_as_the_OOM_killer()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, """
            programs:
              web:
                command: ["/bin/sh", "-c", "echo about to die; kill -9 $$"]
                restart: never
            """, "--http", $"127.0.0.1:{port}");
        tend.WaitForLine("web exited with signal KILL");
        var status = Ctl.Run(tend, "ctl", "status");
        Assert.Contains("SIGKILL", status.Out);
        Assert.DoesNotContain("OOM", status.Out);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("tend_program_oom_kills_total{program=\"web\"} 0\n", await http.GetStringAsync("/metrics"));
        Assert.Equal(0, tend.Count("OOM killer"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_supervisord_minfds_raise_the_file_limit_my_programs_get()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", """
            [supervisord]
            minfds=4096

            [program:app]
            command=/bin/sh -c "echo app nofile=$(ulimit -n); exec sleep 1000"
            """);
        // Started with a soft limit of 1024, as many containers are: supervisord raised its own to minfds.
        using var tend = TendHost.Start(["run", conf], launcher: ["prlimit", "--nofile=1024:20000", "--"]);
        tend.WaitForLine("app nofile=4096");
        Assert.Equal(0, tend.Count("minfds"));
        tend.Signal(15);
        tend.WaitForExit();
    }
}
