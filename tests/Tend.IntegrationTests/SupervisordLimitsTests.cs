using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// [supervisord] minfds and minprocs (selenium's images set minfds=1024, minprocs=4096): supervisord
/// raises its soft limits to them before starting anything, and the programs inherit them.
/// </summary>
public class SupervisordLimitsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Minfds_and_minprocs_raise_the_soft_limits_the_programs_inherit()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true
            minfds=1024
            minprocs=4096

            [program:app]
            command=bash -c 'echo "limits $(ulimit -n) $(ulimit -u)"; exec sleep 100000'
            """);
        // A container started with low soft limits (docker run --ulimit nofile=256:8192 --ulimit nproc=512:8192).
        using var tend = TendHost.Start(["run", conf], launcher: ["prlimit", "--nofile=256:8192", "--nproc=512:8192"]);
        tend.WaitForLine("limits 1024 4096");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(30)));
    }
}
