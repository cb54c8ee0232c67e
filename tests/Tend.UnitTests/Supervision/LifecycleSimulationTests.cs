using Tend.Model;
using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// The life cycle driven through scenarios in memory (<see cref="LifecycleSimulation"/>: fake clock,
/// fake spawner), and through long random event sequences that check its invariants: at most one
/// live process, every exit accounted for, a stop always ends, a program wanted up that is neither
/// FATAL nor done ends up running, and no state change without a reason.
/// </summary>
public class LifecycleSimulationTests
{
    private static ProgramSpec Spec(RestartPolicy restart = RestartPolicy.Always, double startSeconds = 1) => new()
    {
        Name = "p",
        Command = ["p"],
        Restart = restart,
        StartSeconds = TimeSpan.FromSeconds(startSeconds),
    };

    [Fact]
    public void ReadmeMigrate_RestartNever_ExitingAtOnce_RunsOnce()
    {
        var sim = new LifecycleSimulation(Spec(RestartPolicy.Never));
        sim.RequestStart();
        sim.Advance(10);
        sim.Exit(ExitStatus.Exited(0));
        sim.Advance(60_000);
        Assert.Equal(1, sim.Starts);
        Assert.Equal(ProgramState.Exited, sim.P.State);
        Assert.Equal("exited with 0, not restarting (restart: never)", sim.P.StateReason);
    }

    [Fact]
    public void SupervisordRule_RestartNever_ExitingAtOnce_IsAFailedStart()
    {
        var sim = new LifecycleSimulation(Spec(RestartPolicy.Never), QuickExitRule.AlwaysFailedStart);
        sim.RequestStart();
        for (var i = 0; i < 10; i++)
        {
            sim.Exit(ExitStatus.Exited(0)); // at once, every time
            while (sim.P.State == ProgramState.Backoff) sim.Advance(10);
        }
        Assert.Equal(4, sim.Starts); // start_retries 3: the first start and three retries
        Assert.Equal(ProgramState.Fatal, sim.P.State);
    }

    [Fact]
    public void CrashLoop_WithStartSeconds0_IsPacedByTheBackoff_AndNeverFatal()
    {
        var sim = new LifecycleSimulation(Spec(startSeconds: 0));
        sim.RequestStart();
        for (var t = 0; t < 10_000; t++)
        {
            sim.Exit(ExitStatus.Exited(1)); // dies right after every start
            sim.Advance(1);
        }
        // Starts at 0, 1 s, 3 s, 7 s: the backoff doubles (1, 2, 4 s).
        Assert.Equal(4, sim.Starts);
        Assert.NotEqual(ProgramState.Fatal, sim.P.State);
    }

    [Fact]
    public void Recovery_AProgramThatHadBeenRunning_IsRestartedAtOnce()
    {
        var sim = new LifecycleSimulation(Spec());
        sim.RequestStart();
        sim.Advance(1500);
        sim.Exit(ExitStatus.Exited(1));
        Assert.Equal(2, sim.Starts); // on the same tick of the clock
        Assert.Equal(ProgramState.Starting, sim.P.State);
        Assert.Contains(sim.Transitions, t => t.Reason == "exited with 1 after 1500 ms, restarting in 0 ms");
    }

    [Fact]
    public void Stop_InBackoff_IsStoppedAtOnce()
    {
        var sim = new LifecycleSimulation(Spec());
        sim.RequestStart();
        sim.Exit(ExitStatus.Exited(1));
        Assert.Equal(ProgramState.Backoff, sim.P.State);
        sim.RequestStop();
        Assert.Equal(ProgramState.Stopped, sim.P.State);
        sim.Advance(60_000);
        Assert.Equal(1, sim.Starts);
    }

    [Fact]
    public void Stop_OfAProgramIgnoringItsStopSignal_EndsWithSigkillAtStopTimeout()
    {
        var sim = new LifecycleSimulation(Spec()) { IgnoresStopSignal = true };
        sim.RequestStart();
        sim.Advance(2000);
        sim.RequestStop();
        sim.Advance(9_999);
        Assert.Equal(Phase.Stopping, sim.Phase);
        sim.Advance(1);
        Assert.Equal(ProgramState.Stopped, sim.P.State);
        Assert.StartsWith("stopped (signal KILL); stop requested", sim.P.StateReason);
    }

    [Fact]
    public void Liveness_Restart_BacksOff_ThenRuns()
    {
        var sim = new LifecycleSimulation(Spec());
        sim.RequestStart();
        sim.Advance(2000);
        sim.LivenessFails();
        sim.LivenessFails(); // a second verdict while it is being restarted: ignored
        sim.Advance(0);      // the next wake reaps it
        Assert.Equal(ProgramState.Backoff, sim.P.State);
        sim.Advance(1000);
        Assert.Equal(2, sim.Starts);
        sim.Advance(1000);
        Assert.Equal(ProgramState.Running, sim.P.State);
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 200; seed++) data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomEvents_KeepEveryInvariant(int seed)
    {
        var random = new Random(seed);
        var spec = new ProgramSpec
        {
            Name = "p",
            Command = ["p"],
            Restart = Enum.GetValues<RestartPolicy>()[random.Next(3)],
            StartSeconds = TimeSpan.FromMilliseconds(new[] { 0, 100, 1000 }[random.Next(3)]),
            StartRetries = random.Next(4),
            Backoff = new BackoffSpec { Initial = TimeSpan.FromMilliseconds(new[] { 100, 1000 }[random.Next(2)]), Max = TimeSpan.FromSeconds(5) },
            StopTimeout = TimeSpan.FromMilliseconds(500),
        };
        var rule = random.Next(2) == 0 ? QuickExitRule.PolicyDecides : QuickExitRule.AlwaysFailedStart;
        var sim = new LifecycleSimulation(spec, rule);
        sim.RequestStart();
        for (var step = 0; step < 2000; step++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2: sim.Advance(random.Next(0, 1500)); break;
                case 3 or 4: sim.Exit(random.Next(4) switch { 0 => ExitStatus.Exited(0), 1 => ExitStatus.Exited(1), 2 => ExitStatus.Killed(Signals.SIGSEGV), _ => ExitStatus.Exited(2) }); break;
                case 5: sim.RequestStop(); break;
                case 6: sim.RequestStart(); break;
                case 7: sim.RequestRestart(); break;
                case 8: sim.Ready(); break;
                default: sim.LivenessFails(); break;
            }
            if (random.Next(20) == 0) sim.IgnoresStopSignal = !sim.IgnoresStopSignal;
            sim.Check();
        }

        // A stop always ends, within stop_timeout.
        var stopWanted = random.Next(2) == 0;
        if (stopWanted)
        {
            sim.RequestStop();
            sim.Advance((long)spec.StopTimeout.TotalMilliseconds);
            sim.Advance(0); // the SIGKILLed process is reaped on the next wake
            Assert.True(sim.P.IsDown && sim.Live.Count == 0, string.Join('\n', sim.Transcript));
            return;
        }
        // Wanted up and neither FATAL nor done (EXITED by its policy): it ends up running once its
        // processes stop dying.
        sim.Advance(60_000);
        sim.Check();
        if (sim.P.Want == Want.Up && sim.P.State is not (ProgramState.Fatal or ProgramState.Exited))
            Assert.True(sim.P.State == ProgramState.Running, $"wanted up, {sim.P.State}:\n{string.Join('\n', sim.Transcript)}");
        Assert.All(sim.Transitions, t => Assert.False(string.IsNullOrWhiteSpace(t.Reason)));
    }
}
