using Tend.Model;
using Tend.Posix;
using Tend.Supervision;
using Tend.UnitTests.Supervision.Harness;

namespace Tend.UnitTests.Supervision;

public class DependencyGateTests
{
    private static ProgramRuntime Dep(ProgramState state, bool everStarted = true, bool withReadiness = false,
        bool? ready = null, bool withLiveness = false, bool? live = null, ExitStatus? exit = null, RestartPolicy restart = RestartPolicy.Never)
    {
        var probe = new ProbeSpec { Kind = ProbeKind.Tcp, Address = "127.0.0.1:1" };
        var d = new ProgramRuntime(new ProgramSpec
        {
            Name = "db", Command = ["x"], Restart = restart,
            Readiness = withReadiness ? probe : null, Liveness = withLiveness ? probe : null,
        });
        d.Phase = TestPhases.For(state);
        d.EverStarted = everStarted;
        d.ReadinessPassing = ready;
        d.LivenessPassing = live;
        d.LastExit = exit;
        return d;
    }

    private static GateVerdict Gate(DependencyCondition condition, ProgramRuntime db) =>
        DependencyGate.Evaluate(new ProgramSpec { Name = "web", Command = ["x"], DependsOn = [new DependencySpec("db", condition)] },
            name => name == "db" ? db : null);

    [Theory]
    [InlineData(ProgramState.Stopped, false, false)]
    [InlineData(ProgramState.Starting, true, true)]
    [InlineData(ProgramState.Running, true, true)]
    [InlineData(ProgramState.Backoff, true, true)]
    public void Started_HoldsOnceSpawned(ProgramState state, bool everStarted, bool open) =>
        Assert.Equal(open, Gate(DependencyCondition.Started, Dep(state, everStarted)).Open);

    [Theory]
    [InlineData(ProgramState.Starting, false, null, false)]
    [InlineData(ProgramState.Running, false, null, true)]   // no probe: RUNNING is ready
    [InlineData(ProgramState.Running, true, null, false)]   // probe not yet passed
    [InlineData(ProgramState.Running, true, false, false)]
    [InlineData(ProgramState.Running, true, true, true)]
    [InlineData(ProgramState.Backoff, true, true, false)]
    public void Ready_NeedsRunningAndAPassingReadinessProbe(ProgramState state, bool withProbe, bool? passing, bool open) =>
        Assert.Equal(open, Gate(DependencyCondition.Ready, Dep(state, withReadiness: withProbe, ready: passing)).Open);

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public void Healthy_NeedsReadyAndLivenessNotFailing(bool withLiveness, bool? live, bool open) =>
        Assert.Equal(open, Gate(DependencyCondition.Healthy, Dep(ProgramState.Running, withLiveness: withLiveness, live: live)).Open);

    [Theory]
    [InlineData(ProgramState.Exited, 0, true)]
    [InlineData(ProgramState.Exited, 1, false)]
    [InlineData(ProgramState.Running, 0, false)]
    public void CompletedSuccessfully_NeedsAnExpectedExit(ProgramState state, int code, bool open) =>
        Assert.Equal(open, Gate(DependencyCondition.CompletedSuccessfully, Dep(state, exit: ExitStatus.Exited(code))).Open);

    [Fact]
    public void Evaluate_FatalDependency_IsReportedAsFailed()
    {
        var verdict = Gate(DependencyCondition.Ready, Dep(ProgramState.Fatal));
        Assert.False(verdict.Open);
        Assert.Equal("db", verdict.FailedDependency);
        Assert.Equal("db (FATAL)", verdict.WaitingFor);
    }

    [Fact]
    public void Evaluate_Waiting_SaysForWhatAndWhich() =>
        Assert.Equal("db (ready)", Gate(DependencyCondition.Ready, Dep(ProgramState.Starting)).WaitingFor);

    [Fact]
    public void EvenIfFailed_OpensOnAFatalDependency_OrOneBlockedBehindIt_ButStillWaitsForOneStarting()
    {
        var init = new ProgramRuntime(new ProgramSpec { Name = "init", Command = ["x"] }) { Phase = Phase.Fatal, EverStarted = true };
        var svc = new ProgramRuntime(new ProgramSpec { Name = "svc", Command = ["x"], DependsOn = [new DependencySpec("init", DependencyCondition.CompletedSuccessfully)] });
        var busy = new ProgramRuntime(new ProgramSpec { Name = "busy", Command = ["x"] }) { Phase = Phase.Starting, EverStarted = true };
        ProgramRuntime? Lookup(string n) => n switch { "init" => init, "svc" => svc, "busy" => busy, _ => null };
        GateVerdict Cmd(string dep, bool evenIfFailed, DependencyCondition c = DependencyCondition.Started) =>
            DependencyGate.Evaluate(new ProgramSpec { Name = "cmd", Command = ["x"], DependsOn = [new DependencySpec(dep, c, null, evenIfFailed)] }, Lookup);

        Assert.True(Cmd("init", evenIfFailed: true, DependencyCondition.CompletedSuccessfully).Open);
        Assert.False(Cmd("init", evenIfFailed: false, DependencyCondition.CompletedSuccessfully).Open);
        Assert.True(Cmd("svc", evenIfFailed: true).Open);   // never started, waiting on a FATAL one: settled
        Assert.False(Cmd("svc", evenIfFailed: false).Open);
        Assert.False(Cmd("busy", evenIfFailed: true, DependencyCondition.Ready).Open); // not failed: still waits
    }
}
