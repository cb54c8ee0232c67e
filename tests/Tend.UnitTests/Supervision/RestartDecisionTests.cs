using Tend.Model;
using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class RestartDecisionTests
{
    private static readonly int[] ExitCodes = [0, 2];

    public static TheoryData<ProgramState, Want, RestartPolicy, int, int, int, QuickExitRule, bool, AfterExit> Cases()
    {
        // state at exit, want, policy, exit code (-N: killed by signal N), failed starts before, retries,
        // quick-exit rule, died young, expected
        var data = new TheoryData<ProgramState, Want, RestartPolicy, int, int, int, QuickExitRule, bool, AfterExit>();
        foreach (var rule in Enum.GetValues<QuickExitRule>())
        foreach (var young in new[] { false, true })
        foreach (var policy in Enum.GetValues<RestartPolicy>())
        foreach (var code in new[] { 0, 1, 2, -9, -15 })
        {
            // Asked to stop: always Stopped, whatever the policy and status.
            data.Add(ProgramState.Stopping, Want.Down, policy, code, 0, 3, rule, young, AfterExit.Stopped);
            data.Add(ProgramState.Running, Want.Down, policy, code, 0, 3, rule, young, AfterExit.Stopped);
            data.Add(ProgramState.Stopping, Want.Up, policy, code, 0, 3, rule, young, AfterExit.Stopped);
            data.Add(ProgramState.Starting, Want.Down, policy, code, 0, 3, rule, young, AfterExit.Stopped);
            var expected = code is 0 or 2;
            var restart = policy switch
            {
                RestartPolicy.Always => true,
                RestartPolicy.Never => false,
                _ => !expected,
            };
            // A quick exit the policy would restart is a failed start, backed off until retries are
            // exhausted; in supervisord.conf every quick exit is. Otherwise the program is done.
            var failedStart = restart || rule == QuickExitRule.AlwaysFailedStart;
            data.Add(ProgramState.Starting, Want.Up, policy, code, 0, 3, rule, young, failedStart ? AfterExit.Backoff : AfterExit.Exited);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 2, 3, rule, young, failedStart ? AfterExit.Backoff : AfterExit.Exited);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 3, 3, rule, young, failedStart ? AfterExit.Fatal : AfterExit.Exited);
            data.Add(ProgramState.Starting, Want.Up, policy, code, 0, 0, rule, young, failedStart ? AfterExit.Fatal : AfterExit.Exited);
            // Once running, the policy decides; a crash loop (died young) is paced, never FATAL.
            var running = !restart ? AfterExit.Exited : young ? AfterExit.RestartPaced : AfterExit.RestartNow;
            data.Add(ProgramState.Running, Want.Up, policy, code, 0, 3, rule, young, running);
            data.Add(ProgramState.Running, Want.Up, policy, code, 5, 3, rule, young, running); // failures before do not matter once running
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_EveryCombination_FollowsTheRules(ProgramState state, Want want, RestartPolicy policy, int code,
        int failedBefore, int retries, QuickExitRule rule, bool diedYoung, AfterExit expected)
    {
        var status = code < 0 ? ExitStatus.Killed(-code) : ExitStatus.Exited(code);
        Assert.Equal(expected, RestartDecision.Decide(state, want, policy, ExitCodes, status, failedBefore, retries, rule, diedYoung));
    }

    [Theory]
    [InlineData(1000, 1000, null, 1000)]   // the defaults: 1 s
    [InlineData(0, 1000, null, 1000)]      // start_seconds 0 does not make a crash loop spin
    [InlineData(5000, 1000, null, 5000)]   // a long start_seconds
    [InlineData(0, 1000, 60_000, 60_000)]  // an explicit reset wins
    public void PaceThreshold_IsTheResetTime_AtLeastTheInitialDelay(int startMs, int initialMs, int? resetMs, int thresholdMs)
    {
        var spec = new ProgramSpec
        {
            Name = "p", Command = ["true"], StartSeconds = TimeSpan.FromMilliseconds(startMs),
            Backoff = new BackoffSpec { Initial = TimeSpan.FromMilliseconds(initialMs), Reset = resetMs is { } r ? TimeSpan.FromMilliseconds(r) : null },
        };
        Assert.Equal(TimeSpan.FromMilliseconds(thresholdMs), RestartDecision.PaceThreshold(spec));
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
