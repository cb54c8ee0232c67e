using Tend.Model;
using Tend.Posix;
using Tend.Supervision;
using Tend.UnitTests.Supervision.Harness;

namespace Tend.UnitTests.Supervision;

public class HealthVerdictTests
{
    private static ProgramRuntime P(ProgramState state, bool counts = true, bool withReadiness = false, bool? ready = null,
        bool withLiveness = false, bool? live = null, ExitStatus? exit = null, RestartPolicy restart = RestartPolicy.Always,
        bool autostart = true, bool pending = false, bool everStarted = true)
    {
        var probe = new ProbeSpec { Kind = ProbeKind.Tcp, Address = "127.0.0.1:1" };
        return new ProgramRuntime(new ProgramSpec
        {
            Name = "web", Command = ["x"], CountsForHealth = counts, Restart = restart, AutoStart = autostart,
            Readiness = withReadiness ? probe : null, Liveness = withLiveness ? probe : null,
        })
        {
            Phase = pending ? Phase.WaitingForDependencies : TestPhases.For(state), WaitingIn = TestPhases.For(state),
            ReadinessPassing = ready, LivenessPassing = live, LastExit = exit,
            EverStarted = everStarted,
        };
    }

    public static TheoryData<ProgramRuntime, bool> Cases() => new()
    {
        { P(ProgramState.Running), true },
        { P(ProgramState.Running, withReadiness: true), false },
        { P(ProgramState.Running, withReadiness: true, ready: true), true },
        { P(ProgramState.Running, withReadiness: true, ready: false), false },
        { P(ProgramState.Running, withLiveness: true, live: false), false },
        { P(ProgramState.Running, withLiveness: true, live: true), true },
        { P(ProgramState.Starting), false },
        { P(ProgramState.Backoff), false },
        { P(ProgramState.Fatal), false },
        { P(ProgramState.Stopping), false },
        { P(ProgramState.Fatal, counts: false), true },
        { P(ProgramState.Exited, exit: ExitStatus.Exited(0), restart: RestartPolicy.Never), true },
        { P(ProgramState.Exited, exit: ExitStatus.Exited(1), restart: RestartPolicy.Never), false },
        { P(ProgramState.Stopped, autostart: false, everStarted: false), true },
        { P(ProgramState.Stopped), false },
        { P(ProgramState.Stopped, pending: true), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_EachState_GivesTheExpectedAnswer(ProgramRuntime program, bool healthy)
    {
        var (ok, problems) = HealthVerdict.Evaluate([program], shuttingDown: false);
        Assert.Equal(healthy, ok);
        Assert.Equal(healthy, problems.Count == 0);
        if (!healthy) Assert.StartsWith("web: ", problems[0]);
    }

    [Fact]
    public void Evaluate_ShuttingDown_IsNeverHealthy() =>
        Assert.False(HealthVerdict.Evaluate([P(ProgramState.Running)], shuttingDown: true).Healthy);
}
