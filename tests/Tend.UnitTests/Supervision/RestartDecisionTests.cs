using Tend.Model;
using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class RestartDecisionTests
{
    private static readonly int[] ExitCodes = [0, 2];

    public static TheoryData<ProgramState, Want, RestartPolicy, int, int, int, AfterExit> Cases()
    {
        // state at exit, want, policy, exit code (-N: killed by signal N), failed starts before, retries, expected
        var data = new TheoryData<ProgramState, Want, RestartPolicy, int, int, int, AfterExit>();
        foreach (var policy in Enum.GetValues<RestartPolicy>())
        foreach (var code in new[] { 0, 1, 2, -9, -15 })
        {
            // Asked to stop: always Stopped, whatever the policy and status.
            data.Add(ProgramState.Stopping, Want.Down, policy, code, 0, 3, AfterExit.Stopped);
            data.Add(ProgramState.Running, Want.Down, policy, code, 0, 3, AfterExit.Stopped);
            data.Add(ProgramState.Stopping, Want.Up, policy, code, 0, 3, AfterExit.Stopped);
            // A failed start backs off whatever the policy, until retries are exhausted.
            data.Add(ProgramState.Starting, Want.Up, policy, code, 0, 3, AfterExit.Backoff);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 2, 3, AfterExit.Backoff);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 3, 3, AfterExit.Fatal);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 0, 0, AfterExit.Fatal);
            // Once running, the policy decides.
            var expected = code is 0 or 2;
            var running = policy switch
            {
                RestartPolicy.Always => AfterExit.RestartNow,
                RestartPolicy.Never => AfterExit.Exited,
                _ => expected ? AfterExit.Exited : AfterExit.RestartNow,
            };
            data.Add(ProgramState.Running, Want.Up, policy, code, 0, 3, running);
            data.Add(ProgramState.Running, Want.Up, policy, code, 5, 3, running); // failures before do not matter once running
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_EveryCombination_FollowsTheRules(ProgramState state, Want want, RestartPolicy policy, int code,
        int failedBefore, int retries, AfterExit expected)
    {
        var status = code < 0 ? ExitStatus.Killed(-code) : ExitStatus.Exited(code);
        Assert.Equal(expected, RestartDecision.Decide(state, want, policy, ExitCodes, status, failedBefore, retries));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(143, 0, true)]
    [InlineData(0, 15, true)]
    [InlineData(1, 0, false)]
    [InlineData(0, 9, false)]
    [InlineData(2, 0, true)] // listed in exit_codes
    [InlineData(130, 0, false)] // 128+INT is not the stop signal
    public void IsCleanStop_AfterTerm_AcceptsOnlyGracefulEnds(int code, int signal, bool clean)
    {
        var status = new ExitStatus(code, signal);
        Assert.Equal(clean, RestartDecision.IsCleanStop(ExitCodes, Signals.SIGTERM, status));
    }

    [Fact]
    public void IsExpected_SignalDeath_IsNeverExpected()
    {
        Assert.False(RestartDecision.IsExpected([0], ExitStatus.Killed(Signals.SIGTERM)));
        Assert.True(RestartDecision.IsExpected([0], ExitStatus.Exited(0)));
    }
}
