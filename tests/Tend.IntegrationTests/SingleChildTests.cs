using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>`tend -- CMD`: like tini.</summary>
public class SingleChildTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    [InlineData("kill-self TERM", 143)]
    [InlineData("kill-self KILL", 137)]
    public async Task I_get_the_childs_exit_code_or_128_plus_its_signal(string verb, int expected)
    {
        await Task.Yield();
        using var tend = TendHost.Start(["--", Paths.Dummy, .. verb.Split(' ')]);
        Assert.Equal(expected, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_every_signal_forwarded_to_the_child()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var file = dir.File("signals");
        using var tend = TendHost.Start(["--", Paths.Dummy, "trap-signals", file, "then", "echo", "ready", "then", "sleep", "inf"]);
        tend.WaitForLine("ready");
        foreach (var (sig, name) in new[] { (1, "HUP"), (10, "USR1"), (12, "USR2"), (28, "WINCH"), (2, "INT"), (3, "QUIT") })
        {
            tend.Signal(sig);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((!File.Exists(file) || !File.ReadAllLines(file).Contains(name)) && DateTime.UtcNow < deadline) await Task.Delay(5);
            Assert.Contains(name, File.ReadAllLines(file));
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit()); // trap-signals exits 0 on TERM
        Assert.Equal(["HUP", "USR1", "USR2", "WINCH", "INT", "QUIT", "TERM"], File.ReadAllLines(file));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_get_127_and_a_clear_message_for_a_missing_command()
    {
        await Task.Yield();
        using var tend = TendHost.Start(["--", "/nonexistent/prog"]);
        Assert.Equal(127, tend.WaitForExit());
        Assert.Contains(tend.Stderr, l => l.Contains("cannot start \"/nonexistent/prog\": exec /nonexistent/prog: no such file or directory"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_orphans_reaped_in_single_child_mode()
    {
        await Task.Yield();
        using var tend = TendHost.Start(["--", "/bin/sh", "-c",
            Paths.Dummy + " orphans 200; sleep 0.3; grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l"]);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Equal("0", tend.Stdout.Last().Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_have_signals_sent_to_the_whole_process_group_with_g()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var file = dir.File("signals");
        // The dummy is the shell's child: only a signal to the process group reaches it. The shell
        // survives USR1 (it traps it), so Tend keeps running until TERM.
        using var tend = TendHost.Start(["-g", "--", "/bin/sh", "-c",
            $"trap 'echo sh-got-usr1' USR1; {Paths.Dummy} trap-signals {file} then echo ready then sleep inf & " +
            "while kill -0 $! 2>/dev/null; do wait $!; done"]);
        tend.WaitForLine("ready");
        tend.Signal(10); // USR1
        tend.WaitForLine("sh-got-usr1");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((!File.Exists(file) || !File.ReadAllText(file).Contains("USR1")) && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Contains("USR1", File.ReadAllLines(file));
        tend.Signal(15);
        // The shell dies of TERM. (Whether the dummy wrote TERM down before the namespace went away is a race.)
        Assert.Equal(128 + 15, tend.WaitForExit());
    }
}
