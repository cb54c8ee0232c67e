using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>
/// The arm64 release binary, cross-compiled on x64 by scripts/release.sh, run under qemu-user in
/// an arm64 busybox root (issue 22): the single-child mode's exit code, a two-program config, a
/// crash restarted, and SIGTERM stopping everything with exit 0. Emulation makes each step slow
/// (seconds), hence the generous waits.
/// </summary>
public class Arm64SmokeTests : IClassFixture<Arm64Root>
{
    private const int SigTerm = 15;
    private readonly Arm64Root _root;

    public Arm64SmokeTests(Arm64Root root) => _root = root;

    [Fact(Timeout = 120_000)]
    public async Task Tend_dash_dash_exits_with_the_childs_code()
    {
        await Task.Yield();
        using var tend = _root.Start("--", "sh", "-c", "echo on arm64 $(uname -m); exit 7");
        Assert.Equal(7, tend.WaitForExit());
        tend.WaitForLine("^on arm64 aarch64$", "out");
    }

    [Fact(Timeout = 180_000)]
    public async Task Two_programs_start_a_crash_is_restarted_and_SIGTERM_stops_everything_with_0()
    {
        await Task.Yield();
        _root.Write("etc/tend/smoke.yaml", $"""
            programs:
              web:
                command: {Graceful("web")}
              flaky:
                command: {Sh("echo flaky up; sleep 2; echo flaky crashing >&2; exit 3")}
                start_seconds: 1
                restart: on-failure
            """);
        using var tend = _root.Start("run", "/etc/tend/smoke.yaml");
        tend.WaitForLine(@"^web\s+\| web up$", "out");
        tend.WaitForLine(@"^flaky\s+\| flaky crashing$", "err");
        tend.WaitForLine(@"^flaky\s+\| flaky up$", "out", times: 2); // restarted

        tend.Signal(SigTerm);

        Assert.Equal(0, tend.WaitForExit());
        tend.WaitForLine(@"^web\s+\| web drained$", "out", timeout: TimeSpan.FromSeconds(1));
    }
}
