using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// A root without /proc (a bare chroot, a sandbox that mounts none, an image run by a tool that
/// forgets it) still gets its programs run and its exit code: Tend finds the descriptors it
/// inherited without reading /proc/self/fd, where it used to die with an unhandled exception.
/// </summary>
public class NoProcTests
{
    [Fact(Timeout = 60_000)]
    public async Task Without_proc_my_main_program_runs_and_its_exit_code_is_tends()
    {
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", """
            programs:
              app:
                command: [sh, -c, "echo app ran; exit 3"]
                main: true
            """);
        // The namespace's /proc and the machine's under it are both taken away before Tend starts
        // (in this mount namespace only); were one left, sh would exit 99 instead of starting Tend.
        using var tend = TendHost.Start(["run", config], launcher: ["sh", "-c",
            "while [ -e /proc/self ]; do umount -l /proc || exit 99; done; exec \"$0\" \"$@\""]);

        Assert.Equal(3, await Task.Run(() => tend.WaitForExit(TimeSpan.FromSeconds(30))));
        Assert.Contains(tend.Stdout, l => l.Contains("app ran"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_descriptor_whoever_started_tend_left_open_never_reaches_my_programs()
    {
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", """
            programs:
              app:
                command: [sh, -c, "for f in /proc/$$/fd/*; do echo \"has fd $${f##*/}\"; done"]
                main: true
            """);
        // The launcher leaves descriptor 7 open, as a careless entrypoint or CI runner may.
        using var tend = TendHost.Start(["run", config], launcher: ["sh", "-c", "exec 7</dev/null; exec \"$0\" \"$@\""]);

        Assert.Equal(0, await Task.Run(() => tend.WaitForExit(TimeSpan.FromSeconds(30))));
        Assert.Contains(tend.Stdout, l => l.EndsWith("has fd 2", StringComparison.Ordinal));
        Assert.DoesNotContain(tend.Stdout, l => l.EndsWith("has fd 7", StringComparison.Ordinal));
    }
}
