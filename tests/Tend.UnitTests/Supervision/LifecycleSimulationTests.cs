using Tend.Model;
using Tend.Posix;
using Tend.Supervision;
using Tend.UnitTests.Supervision.Harness;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// The real supervisor's life cycle driven through scenarios in memory (<see cref="SupervisorHarness"/>:
/// its own code over a fake clock and fake processes), each written as a user meets it: the
/// tend.yaml they wrote, with default settings, and what they see happen. The harness checks its
/// invariants after every wake of the loop.
/// </summary>
public class LifecycleSimulationTests
{
    private static ProgramSpec Spec(string name, RestartPolicy restart = RestartPolicy.Always, double startSeconds = 1) => new()
    {
        Name = name,
        Command = [name],
        Restart = restart,
        StartSeconds = TimeSpan.FromSeconds(startSeconds),
    };

    [Fact]
    public void ReadmeMigrate_RestartNever_ExitingAtOnce_RunsOnce_AndItsDependentStarts()
    {
        var web = Spec("web") with { DependsOn = [new DependencySpec("migrate", DependencyCondition.CompletedSuccessfully)] };
        using var h = new SupervisorHarness([Spec("migrate", RestartPolicy.Never), web]);
        Assert.Equal(Phase.WaitingForDependencies, h["web"].Phase);
        h.Advance(10);
        h.Exit("migrate", ExitStatus.Exited(0));
        h.Advance(60_000);
        Assert.Equal(1, h.Starts("migrate"));
        Assert.Equal(ProgramState.Exited, h["migrate"].State);
        Assert.Equal("exited with 0, not restarting (restart: never)", h["migrate"].StateReason);
        Assert.Equal(ProgramState.Running, h["web"].State);
    }

    [Fact]
    public void SupervisordConf_AutorestartFalse_ExitingAtOnce_IsAFailedStart_UntilFatal()
    {
        using var h = new SupervisorHarness([Spec("p", RestartPolicy.Never)], ConfigLayout.Supervisord);
        for (var i = 0; i < 10; i++)
        {
            h.Exit("p", ExitStatus.Exited(0)); // at once, every time
            for (var wait = 0; wait < 1000 && h["p"].State == ProgramState.Backoff; wait++) h.Advance(10); // bounded: a lost timer fails, never hangs
        }
        Assert.Equal(4, h.Starts("p")); // start_retries 3: the first start and three retries
        Assert.Equal(ProgramState.Fatal, h["p"].State);
    }

    [Fact]
    public void CrashLoop_WithStartSeconds0_IsPacedByTheBackoff_AndNeverFatal()
    {
        using var h = new SupervisorHarness([Spec("p", startSeconds: 0)]);
        for (var t = 0; t < 10_000; t++)
        {
            h.Exit("p", ExitStatus.Exited(1)); // dies right after every start
            h.Advance(1);
        }
        // Starts at 0, 1 s, 3 s, 7 s: the backoff doubles (1, 2, 4 s).
        Assert.Equal(4, h.Starts("p"));
        Assert.NotEqual(ProgramState.Fatal, h["p"].State);
    }

    [Fact]
    public void Recovery_AProgramThatHadBeenRunning_IsRestartedAtOnce()
    {
        using var h = new SupervisorHarness([Spec("p")]);
        h.Advance(1500);
        Assert.Equal(Phase.Running, h["p"].Phase);
        h.Exit("p", ExitStatus.Exited(1));
        Assert.Equal(2, h.Starts("p")); // on the same tick of the clock
        Assert.Equal(ProgramState.Starting, h["p"].State);
        Assert.Contains(h.Transcript, l => l.EndsWith("| p exited with 1 after 1500 ms, restarting in 0 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Stop_InBackoff_IsStoppedAtOnce_AndNeverStartsAgain()
    {
        using var h = new SupervisorHarness([Spec("p")]);
        h.Exit("p", ExitStatus.Exited(1));
        Assert.Equal(ProgramState.Backoff, h["p"].State);
        Assert.True(h.Stop("p").Ok);
        Assert.Equal(ProgramState.Stopped, h["p"].State);
        h.Advance(60_000);
        Assert.Equal(1, h.Starts("p"));
    }

    [Fact]
    public void Stop_OfAProgramIgnoringItsStopSignal_EndsWithSigkillAtStopTimeout()
    {
        using var h = new SupervisorHarness([Spec("p")]);
        h.Kernel.IgnoreStopSignals = true;
        h.Restart("p"); // its next process ignores SIGTERM
        h.Advance(2000);
        h.Stop("p");
        h.Advance(9_999);
        Assert.Equal(Phase.Stopping, h["p"].Phase);
        h.Advance(1);
        Assert.Equal(ProgramState.Stopped, h["p"].State);
        Assert.StartsWith("stopped (signal KILL); stop requested", h["p"].StateReason);
        Assert.Contains(h.Transcript, l => l.Contains("| p killed after 10 s (did not stop on TERM)", StringComparison.Ordinal));
    }

    [Fact]
    public void LivenessRestart_BacksOff_ThenRuns_AndRestartWithFollowsIt()
    {
        var cache = Spec("cache") with { RestartWith = ["db"] };
        using var h = new SupervisorHarness([Spec("db"), cache]);
        h.Advance(2000);
        var cachePid = h["cache"].Pid;
        h.LivenessFails("db");
        h.LivenessFails("db"); // a second verdict while it is being restarted: ignored
        Assert.Equal(ProgramState.Backoff, h["db"].State);
        h.Advance(1000);
        Assert.Equal(2, h.Starts("db"));
        h.Advance(1000);
        Assert.Equal(ProgramState.Running, h["db"].State);
        Assert.Equal(2, h.Starts("cache"));
        Assert.NotEqual(cachePid, h["cache"].Pid);
    }

    [Fact]
    public void Reload_ChangingTheEnvironment_StartsItWithTheNewOne_AndRestartWithFollowsIt()
    {
        var cache = Spec("cache") with { RestartWith = ["db"] };
        var db = Spec("db") with { Environment = new Dictionary<string, string> { ["MODE"] = "old" } };
        using var h = new SupervisorHarness([db, cache]);
        h.Advance(2000);
        Assert.True(h.Reload([db with { Environment = new Dictionary<string, string> { ["MODE"] = "new" } }, cache]).Ok);
        h.Advance(100);
        var last = h.Kernel.Spawned.Last(s => s.Command == "db");
        Assert.Contains("MODE=new", last.Request.Environment);
        Assert.Equal(2, h.Starts("cache"));
        Assert.Equal(ProgramState.Starting, h["db"].State);
    }

    [Fact]
    public void Finish_TheNextStartWaitsForIt()
    {
        using var h = new SupervisorHarness([Spec("svc") with { FinishCommand = ["svc-finish"] }]);
        h.Advance(2000);
        h.Exit("svc", ExitStatus.Exited(1));
        Assert.Equal(Phase.WaitingForFinish, h["svc"].Phase);
        Assert.Equal(1, h.Starts("svc"));
        h.ExitCommand("svc-finish", ExitStatus.Exited(0));
        Assert.Equal(2, h.Starts("svc"));
        Assert.Equal(Phase.Starting, h["svc"].Phase);
    }

    [Fact]
    public void ChildTable_RoutesEachExitToWhatTheChildIs_AndCountsAStrangersAsAnOrphan()
    {
        using var h = new SupervisorHarness([Spec("svc") with { FinishCommand = ["svc-finish"] }]);
        h.Advance(2000);
        h.Exit("svc", ExitStatus.Exited(1));           // the program's exit: its finish runs
        h.ExpectedOrphans = 1;
        h.Kernel.Orphan(4242, ExitStatus.Exited(0));   // a process Tend did not start
        h.ExitCommand("svc-finish", ExitStatus.Exited(0)); // the finish's exit: the start that waited goes on
        Assert.Equal(1, h.Supervisor.OrphansReaped);
        Assert.Equal(2, h.Starts("svc"));
        Assert.Equal(Phase.Starting, h["svc"].Phase);
    }

    [Fact]
    public void Oneshot_Completes_ThenItsDownCommandRunsAtShutdown()
    {
        var init = Spec("init") with { Kind = ProgramKind.Oneshot, DownCommand = ["init-down"] };
        using var h = new SupervisorHarness([init, Spec("web")]);
        h.Exit("init", ExitStatus.Exited(0));
        Assert.Equal(Phase.Completed, h["init"].Phase);
        h.Shutdown();
        h.Advance(10);
        h.ExitCommand("init-down", ExitStatus.Exited(0));
        Assert.Equal(0, h.RunToEnd(1000));
        Assert.Equal(Phase.Exited, h["init"].Phase);
    }

    [Fact]
    public void MissingCommand_IsFatalAtOnce_WithTheReason()
    {
        using var h = new SupervisorHarness([]);
        h.Kernel.Missing.Add("ghost");
        h.Reload([Spec("ghost")]);
        Assert.Equal(ProgramState.Fatal, h["ghost"].State);
        Assert.StartsWith("cannot start: exec ghost", h["ghost"].StateReason);
    }

    [Fact]
    public void Shutdown_StopsEveryProgram_AndEnds()
    {
        using var h = new SupervisorHarness([Spec("a"), Spec("b") with { DependsOn = [new DependencySpec("a", DependencyCondition.Started)] }]);
        h.Advance(2000);
        h.Shutdown();
        Assert.Equal(0, h.RunToEnd(20_000));
        Assert.All(h.Supervisor.Programs, p => Assert.Equal(ProgramState.Stopped, p.State));
    }
}
