using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// Everything the life cycle decides about one exit, before any effect: the decision, the new
/// counters, the delay before the next start, and the reason logged and shown by `tend ctl status`.
/// Pure, so the supervisor and the in-memory simulation of the life cycle use the same code.
/// </summary>
/// <param name="Decision">What happens (<see cref="RestartDecision.Decide"/>).</param>
/// <param name="FailedStarts">Failed starts in a row after this exit.</param>
/// <param name="QuickCrashes">Crashes in a row of runs shorter than the reset time, after this exit.</param>
/// <param name="DelayMs">For BACKOFF: the wait before the next start; 0 otherwise.</param>
/// <param name="Reason">Why, as the program's log line says it after its name ("exited with 3, ...").</param>
public readonly record struct ExitPlan(AfterExit Decision, int FailedStarts, int QuickCrashes, long DelayMs, string Reason)
{
    public static ExitPlan Of(ProgramSpec spec, ProgramState stateAtExit, Want want, ExitStatus status, long uptimeMs,
        int failedStarts, int quickCrashes, QuickExitRule rule)
    {
        var threshold = (long)RestartDecision.PaceThreshold(spec).TotalMilliseconds;
        var diedYoung = uptimeMs < threshold;
        if (!diedYoung) quickCrashes = 0; // it had been running fine: its crash is news, not a loop
        var decision = RestartDecision.Decide(stateAtExit, want, spec.Restart, spec.ExitCodes, status,
            failedStarts, spec.StartRetries, rule, diedYoung);
        var how = Describe(status);
        var startSeconds = Format((long)spec.StartSeconds.TotalMilliseconds);
        switch (decision)
        {
            case AfterExit.Stopped:
                return new(decision, failedStarts, quickCrashes, 0, $"stopped ({how})");
            case AfterExit.RestartNow:
                return new(decision, failedStarts, quickCrashes, 0, $"exited with {how} after {Format(uptimeMs)}, restarting in 0 ms");
            case AfterExit.RestartPaced:
            {
                var delay = (long)Backoff.Delay(spec.Backoff, quickCrashes + 1).TotalMilliseconds;
                return new(decision, failedStarts, quickCrashes + 1, delay,
                    $"exited with {how} after {Format(uptimeMs)}, restarting in {Format(delay)} " +
                    $"(crash {quickCrashes + 1} in a row within {Format(threshold)} of starting)");
            }
            case AfterExit.Backoff:
            {
                var delay = (long)Backoff.Delay(spec.Backoff, failedStarts + 1).TotalMilliseconds;
                return new(decision, failedStarts + 1, quickCrashes, delay,
                    $"exited with {how} within {startSeconds} of starting (attempt {failedStarts + 1} of {spec.StartRetries + 1}), " +
                    $"restarting in {Format(delay)}");
            }
            case AfterExit.Fatal:
                return new(decision, failedStarts + 1, quickCrashes, 0,
                    $"exited with {how} within {startSeconds} of starting, {failedStarts + 1} failed starts in a row: giving up (FATAL)");
            case AfterExit.Exited:
                return new(decision, failedStarts, quickCrashes, 0, $"exited with {how}, not restarting (restart: {PolicyName(spec.Restart)})");
            default:
                throw new InvalidOperationException($"internal error: unknown exit decision {decision}");
        }
    }

    public static string PolicyName(RestartPolicy policy) => policy switch
    {
        RestartPolicy.OnFailure => "on-failure",
        RestartPolicy.Never => "never",
        _ => "always",
    };

    public static string Describe(ExitStatus s) => s.Signaled ? $"signal {Signals.Name(s.Signal)}" : s.Code.ToString();

    /// <summary>"350 ms", "1 s", "30 s": as Tend's log lines write a delay.</summary>
    public static string Format(long ms) => ms < 10_000 && ms % 1000 != 0 ? $"{ms} ms" : $"{ms / 1000} s";
}
