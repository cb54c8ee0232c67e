using Tend.Runit.Status;

namespace Tend.UnitTests.Runit;

public class StatusTransitionTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly DateTimeOffset T1 = T0.AddSeconds(5);
    private static readonly SuperviseStatus Down = new(T0, 0, RunState.Down, Want.Up);
    private static readonly SuperviseStatus Running = new(T0, 42, RunState.Run, Want.Up);

    [Fact]
    public void Start_SetsRunPidAndSince() =>
        Assert.Equal(new SuperviseStatus(T1, 42, RunState.Run, Want.Up), StatusTransition.Next(Down, RunState.Run, 42, false, T1));

    [Fact]
    public void SameProcess_KeepsSince() =>
        Assert.Equal(Running, StatusTransition.Next(Running, RunState.Run, 42, false, T1));

    [Fact]
    public void Stopping_SetsGotTermAndKeepsSince() =>
        Assert.Equal(Running with { TermSent = true }, StatusTransition.Next(Running, RunState.Run, 42, true, T1));

    [Fact]
    public void Exit_GoesDownWithFreshSinceAndClearsGotTermButKeepsPaused()
    {
        var next = StatusTransition.Next(Running with { TermSent = true, Paused = true, Want = Want.Down }, RunState.Down, 42, false, T1);
        Assert.Equal(new SuperviseStatus(T1, 0, RunState.Down, Want.Down, Paused: true), next);
    }

    [Fact]
    public void ImmediateRestart_NewPidMovesSinceAndClearsFlags()
    {
        var next = StatusTransition.Next(Running with { TermSent = true, Paused = true }, RunState.Run, 43, false, T1);
        Assert.Equal(new SuperviseStatus(T1, 43, RunState.Run, Want.Up), next);
    }

    [Fact]
    public void Finish_KeepsTheSinceOfRun() =>
        Assert.Equal(T0, StatusTransition.Next(Running, RunState.Finish, 50, false, T1).Since);

    [Fact]
    public void DownAgain_IsNoChange() =>
        Assert.Equal(Down, StatusTransition.Next(Down, RunState.Down, 99, false, T1));

    [Fact]
    public void WantIsNeverChangedByTheSupervisorsReport() =>
        Assert.Equal(Want.Exit, StatusTransition.Next(Running with { Want = Want.Exit }, RunState.Down, 0, false, T1).Want);
}
