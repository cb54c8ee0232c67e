using Tend.Posix.Events;
using Tend.Runit.Control;
using Tend.Runit.Status;
using Tend.Runit.Supervise;
using Tend.UnitTests.Runit.Support;

namespace Tend.UnitTests.Runit;

/// <summary>
/// The real sv against our supervise directory: the bytes it writes into our control FIFO,
/// its exit codes (compared with the same command against the real runsv in the same state),
/// and its waits, answered by a tiny supervisor loop on our control descriptor.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SvCommandTests
{
    public static TheoryData<string, string, string> Commands => new()
    {
        // scenario (state before), sv command, bytes expected in the control FIFO
        { "run", "up", "" },          // want is already up: sv sends nothing
        { "run", "down", "d" },
        { "run", "once", "o" },
        { "run", "pause", "p" },
        { "run", "cont", "c" },
        { "run", "hup", "h" },
        { "run", "alarm", "a" },
        { "run", "interrupt", "i" },
        { "run", "quit", "q" },
        { "run", "1", "1" },
        { "run", "2", "2" },
        { "run", "term", "t" },
        { "run", "kill", "k" },
        { "run", "exit", "x" },
        { "down-file", "up", "u" },
        { "down-file", "down", "d" }, // want down but state down: sv still sends d
        { "term-ignored", "down", "" }, // want down and running: sv sends nothing
    };

    [RunitTheory, MemberData(nameof(Commands))]
    public void SvCommand_WritesTheByteIntoOurFifo_AndExitsAsAgainstRunsv(string scenarioName, string command, string expected)
    {
        RunitTools.Require();
        var scenario = Scenario.All[scenarioName];
        using var realTree = new ServiceTree();
        using var runsv = RunsvProcess.Start(scenario.Create(realTree));
        var (before, _) = scenario.Reach(runsv, realTree.Root);
        var real = RunitTools.RunSv(realTree.Root, command, "web");

        using var ourTree = new ServiceTree();
        using var ours = SuperviseDirectory.Open(scenario.Create(ourTree), before);
        using var epoll = new Epoll();
        epoll.Add(ours.ControlFd, 1);
        var actual = RunitTools.RunSv(ourTree.Root, command, "web");
        var received = new List<ControlCommand>();
        ours.DrainCommands(received);
        // sv has exited and closed its end: our own writer keeps the read end from reporting
        // EOF or a hang-up, so a level-triggered loop does not spin.
        Assert.Equal(0, epoll.Wait(new ulong[4], 0));

        Assert.Equal(expected, string.Concat(received.Select(c => c.Letter())));
        Assert.Equal(real.ExitCode, actual.ExitCode);
        Assert.Equal(real.Stdout, actual.Stdout);
    }

    [RunitFact]
    public void SvWaitUp_IsSatisfiedWhenWePublishRun()
    {
        using var tree = new ServiceTree();
        using var ours = SuperviseDirectory.Open(tree.Add("web"), Since(-10, 0, RunState.Down, Want.Down));
        var sv = Task.Run(() => RunitTools.RunSv(tree.Root, "-w", "5", "up", "web"));

        Assert.Equal([ControlCommand.Up], NextCommands(ours));
        ours.Publish(new SuperviseStatus(DateTimeOffset.UtcNow, 4242, RunState.Run, Want.Up));

        AssertSv(0, "ok: run: web: (pid 4242) 0s\n", sv.Result);
    }

    [RunitFact]
    public void SvWaitDown_IsSatisfiedWhenWePublishDown()
    {
        using var tree = new ServiceTree();
        using var ours = SuperviseDirectory.Open(tree.Add("web"), Since(-10, 4242, RunState.Run, Want.Up));
        var sv = Task.Run(() => RunitTools.RunSv(tree.Root, "-w", "5", "down", "web"));

        Assert.Equal([ControlCommand.Down], NextCommands(ours));
        ours.Publish(new SuperviseStatus(DateTimeOffset.UtcNow, 0, RunState.Down, Want.Down));

        AssertSv(0, "ok: down: web: 0s, normally up\n", sv.Result);
    }

    [RunitFact]
    public void SvWaitExit_SucceedsWhenWeRelease_ThenSvSaysNotRunning()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web");
        var ours = SuperviseDirectory.Open(dir, Since(-10, 4242, RunState.Run, Want.Up));
        var sv = Task.Run(() => RunitTools.RunSv(tree.Root, "-w", "5", "exit", "web"));

        Assert.Equal([ControlCommand.Exit], NextCommands(ours));
        ours.Dispose();

        Assert.Equal(new SvResult(0, "ok: web: runsv not running\n", ""), sv.Result);
        Assert.Equal(new SvResult(1, "fail: web: runsv not running\n", ""), RunitTools.RunSv(tree.Root, "status", "web"));
        Assert.Equal(new SvResult(1, "fail: web: runsv not running\n", ""), RunitTools.RunSv(tree.Root, "up", "web"));
    }

    [RunitFact]
    public void SvCheck_OnARunningService_SaysOkWithoutWriting()
    {
        using var tree = new ServiceTree();
        using var ours = SuperviseDirectory.Open(tree.Add("web"), Since(-5, 4242, RunState.Run, Want.Up));
        AssertSv(0, "ok: run: web: (pid 4242) 5s\n", RunitTools.RunSv(tree.Root, "check", "web"));
        Assert.Equal(0, ours.DrainCommands([]));
    }

    [RunitFact]
    public void SvStatus_WithoutSuperviseDirectory_WarnsAboutOk()
    {
        using var tree = new ServiceTree();
        tree.Add("web");
        Assert.Equal(new SvResult(1, "warning: web: unable to open supervise/ok: file does not exist\n", ""),
            RunitTools.RunSv(tree.Root, "status", "web"));
    }

    [RunitFact]
    public void SvStatus_ServiceWithLog_ReportsBoth()
    {
        using var tree = new ServiceTree();
        var dir = tree.Add("web", logRun: "exec cat");
        using var ours = SupervisedService.Open(dir, DateTimeOffset.UtcNow,
            Since(-5, 123, RunState.Run, Want.Up), Since(-5, 124, RunState.Run, Want.Up));
        AssertSv(0, "run: web: (pid 123) 5s; run: log: (pid 124) 5s\n", RunitTools.RunSv(tree.Root, "status", "web"));
    }

    [RunitFact]
    public void Lock_RunsvRefusesOurService_AndWeRefuseRunsvs()
    {
        using var ourTree = new ServiceTree();
        var ourDir = ourTree.Add("web");
        using (SuperviseDirectory.Open(ourDir, Since(0, 0, RunState.Down, Want.Down)))
        {
            using var intruder = RunsvProcess.Start(ourDir);
            RunitTools.WaitUntil(() => intruder.HasExited, "runsv to give up on a locked service");
            Assert.Equal(111, intruder.ExitCode);
        }

        using var realTree = new ServiceTree();
        var realDir = realTree.Add("web", down: true);
        using var runsv = RunsvProcess.Start(realDir);
        runsv.WaitFor(_ => true, "runsv's first record");
        Assert.Throws<SupervisedElsewhereException>(() => SuperviseDirectory.Open(realDir, Since(0, 0, RunState.Down, Want.Down)));
        var status = RunitTools.RunSv(realTree.Root, "status", "web");
        Assert.Equal((0, "down: web: Ns\n"), (status.ExitCode, status.Normalized));
    }

    /// <summary>
    /// Exact text, except that each age may be one second more: sv floors "now - since", so a
    /// second boundary between our publish and its read adds one.
    /// </summary>
    private static void AssertSv(int exitCode, string stdout, SvResult actual)
    {
        Assert.Equal((exitCode, ""), (actual.ExitCode, actual.Stderr));
        var pattern = new System.Text.StringBuilder("^");
        var last = 0;
        foreach (System.Text.RegularExpressions.Match age in System.Text.RegularExpressions.Regex.Matches(stdout, @"\d+(?=s\b)"))
        {
            pattern.Append(System.Text.RegularExpressions.Regex.Escape(stdout[last..age.Index]));
            pattern.Append($"({age.Value}|{int.Parse(age.Value) + 1})");
            last = age.Index + age.Length;
        }
        pattern.Append(System.Text.RegularExpressions.Regex.Escape(stdout[last..])).Append('$');
        Assert.Matches(pattern.ToString(), actual.Stdout);
    }

    private static SuperviseStatus Since(int seconds, int pid, RunState state, Want want) =>
        new(DateTimeOffset.UtcNow.AddSeconds(seconds), pid, state, want);

    /// <summary>
    /// What a supervisor loop does: wait on the control descriptor in epoll, then drain. Also
    /// checks the descriptor goes quiet again once drained (no EOF or hang-up after sv closes).
    /// </summary>
    private static List<ControlCommand> NextCommands(SuperviseDirectory supervise)
    {
        using var epoll = new Epoll();
        epoll.Add(supervise.ControlFd, 7);
        var tokens = new ulong[4];
        Assert.True(epoll.Wait(tokens, 5000) == 1, "sv wrote nothing within 5 s");
        Assert.Equal(7UL, tokens[0]);
        var commands = new List<ControlCommand>();
        supervise.DrainCommands(commands);
        Assert.Equal(0, epoll.Wait(tokens, 50));
        return commands;
    }
}
