using Tend.Supervision;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// The life cycle's table over every phase × event pair, as RestartDecision is tested: each pair
/// has an answer (never an exception), a pair that can happen is never an internal error, and the
/// rules users rely on hold. docs/design.md prints the same table.
/// </summary>
public class LifecycleTableTests
{
    public static TheoryData<Phase, LifecycleEvent> EveryPair()
    {
        var data = new TheoryData<Phase, LifecycleEvent>();
        foreach (var phase in Enum.GetValues<Phase>())
        foreach (var ev in Enum.GetValues<LifecycleEvent>())
            data.Add(phase, ev);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void React_EveryPair_HasAnAnswerThatFitsThePhase(Phase phase, LifecycleEvent ev)
    {
        var reaction = LifecycleTable.React(phase, ev);
        var hasProcess = Phases.HasProcess(phase);
        switch (ev)
        {
            case LifecycleEvent.Exited:
                // Only a phase with a process can see it reaped; anywhere else it is a bug, said so.
                Assert.Equal(hasProcess ? Reaction.DecideAfterExit : Reaction.InternalError, reaction);
                break;
            case LifecycleEvent.StopRequested:
                // A stop always ends: signal what runs, call off what waits, and never a start.
                var expected = phase switch
                {
                    Phase.Starting or Phase.Running => Reaction.BeginStop,
                    Phase.Backoff => Reaction.StopAtOnce,
                    Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.CancelStart,
                    _ => Reaction.Ignore,
                };
                Assert.Equal(expected, reaction);
                break;
            case LifecycleEvent.StartRequested:
                Assert.Equal(LifecycleTable.StateOf(phase) is ProgramState.Starting or ProgramState.Running or ProgramState.Stopping
                    ? Reaction.Refuse : phase == Phase.Backoff ? Reaction.CutBackoffShort : Phases.IsWaiting(phase) ? Reaction.Ignore : Reaction.Start, reaction);
                break;
            case LifecycleEvent.Timer:
                // Every phase may see a stale timer: never a bug; only a live phase acts on it.
                Assert.NotEqual(Reaction.InternalError, reaction);
                if (!hasProcess && phase is not (Phase.Backoff or Phase.StoppingLeftovers or Phase.KillingLeftovers)) Assert.Equal(Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.Ready:
                Assert.Equal(phase == Phase.Starting ? Reaction.EnterRunning : Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.LivenessFailed:
                Assert.Equal(phase is Phase.Starting or Phase.Running ? Reaction.RestartForLiveness : Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.FinishEnded:
                Assert.Equal(phase == Phase.WaitingForFinish ? Reaction.ContinueStart : Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.DependenciesMet:
                // Only a start waiting for them asks the gate.
                Assert.Equal(phase == Phase.WaitingForDependencies ? Reaction.ContinueStart : Reaction.InternalError, reaction);
                break;
            case LifecycleEvent.StartHookEnded:
                Assert.Equal(phase == Phase.WaitingForStartHook ? Reaction.Spawn : Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.InputEnded:
                Assert.Equal(phase is Phase.Starting or Phase.Running ? Reaction.EndInput : Reaction.Ignore, reaction);
                break;
            case LifecycleEvent.LeftoversGone:
                Assert.Equal(phase is Phase.StoppingLeftovers or Phase.KillingLeftovers ? Reaction.DecideAfterExit : Reaction.InternalError, reaction);
                break;
            case LifecycleEvent.Reloaded:
            case LifecycleEvent.Removed:
                // What runs is stopped first; what stops already is dealt with at its exit; what is down at once.
                var down = ev == LifecycleEvent.Reloaded ? Reaction.SwapSettings : Reaction.Drop;
                Assert.Equal(phase switch
                {
                    Phase.Starting or Phase.Running => Reaction.BeginStop,
                    Phase.Backoff => Reaction.StopAtOnce,
                    _ when Phases.IsStopping(phase) => Reaction.Ignore,
                    _ => down,
                }, reaction);
                break;
            case LifecycleEvent.Shutdown:
                Assert.Equal(Phases.IsWaiting(phase) ? Reaction.CancelStart : Reaction.Ignore, reaction);
                break;
            default:
                Assert.Fail($"event {ev} has no rule in this test: add one");
                break;
        }
    }

    [Theory]
    [InlineData(Phase.Starting, Reaction.EnterRunning)]
    [InlineData(Phase.Running, Reaction.ForgetFailures)]
    [InlineData(Phase.Backoff, Reaction.StartAgain)]
    [InlineData(Phase.Stopping, Reaction.Kill)]
    [InlineData(Phase.EndingInput, Reaction.SendStopSignal)]
    [InlineData(Phase.Killing, Reaction.Ignore)]
    [InlineData(Phase.StoppingLeftovers, Reaction.PollLeftovers)]
    [InlineData(Phase.KillingLeftovers, Reaction.PollLeftovers)]
    public void OnTimer_TheTimerOfEachPhase_DoesItsJob(Phase phase, Reaction expected) =>
        Assert.Equal(expected, LifecycleTable.OnTimer(phase));

    [Fact]
    public void StateOf_EveryPhase_IsOneOfSupervisordsStates()
    {
        foreach (var phase in Enum.GetValues<Phase>())
            Assert.True(Enum.IsDefined(LifecycleTable.StateOf(phase)));
    }

    [Fact]
    public void DesignDoc_ShowsTheTableAsTheCodeHasIt()
    {
        var design = File.ReadAllText(Path.Combine(ExportFixtures.RepoRoot, "docs", "design.md"));
        Assert.Contains(LifecycleTable.Render(), design);
    }
}
