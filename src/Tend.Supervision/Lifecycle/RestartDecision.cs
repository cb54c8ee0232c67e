using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>What happens to a program once its process has been reaped.</summary>
public enum AfterExit
{
    /// <summary>Start it again at once (it had been running longer than its backoff's reset time).</summary>
    RestartNow,

    /// <summary>
    /// Start it again after the backoff delay: it ran past start_seconds but died young (before its
    /// backoff's reset time), so it is in a crash loop. Not a failed start: it never goes FATAL.
    /// </summary>
    RestartPaced,

    /// <summary>It failed to start; retry after the backoff delay.</summary>
    Backoff,

    /// <summary>Too many failed starts in a row: give up.</summary>
    Fatal,

    /// <summary>It ended and the policy says leave it.</summary>
    Exited,

    /// <summary>It was asked to stop.</summary>
    Stopped,
}

/// <summary>Which exits inside start_seconds count as failed starts: the configuration's dialect decides.</summary>
public enum QuickExitRule
{
    /// <summary>
    /// tend.yaml (and runit, s6): only an exit the policy would restart is a failed start. A
    /// `restart: never` program, or an `on-failure` one that exits with an expected code, is done,
    /// however fast.
    /// </summary>
    PolicyDecides,

    /// <summary>
    /// supervisord.conf: every exit inside startsecs is a failed start, retried even with
    /// autorestart=false or an expected code, as the real supervisord does.
    /// </summary>
    AlwaysFailedStart,
}

/// <summary>
/// The pure decision after an exit: no clock, no I/O, so every combination is unit tested.
/// A program counts as started once it has stayed up for start_seconds (state RUNNING). An exit
/// before that which the policy would restart is a failed start, retried with backoff until
/// start_retries is exceeded (in supervisord.conf every such exit is, see <see cref="QuickExitRule"/>).
/// An exit after that follows the restart policy: at once when the program had been running
/// longer than its backoff's reset time, else after the backoff delay (a crash loop is paced).
/// </summary>
public static class RestartDecision
{
    /// <param name="stateAtExit">State when the exit was reaped (STARTING, RUNNING or STOPPING).</param>
    /// <param name="want">Whether the program is wanted up or was asked to stop.</param>
    /// <param name="policy">The program's restart policy.</param>
    /// <param name="exitCodes">The expected exit codes (exit_codes).</param>
    /// <param name="status">How it ended.</param>
    /// <param name="failedStartsBefore">Consecutive failed starts before this exit.</param>
    /// <param name="startRetries">Failed starts allowed before FATAL (start_retries).</param>
    /// <param name="rule">Which quick exits are failed starts.</param>
    /// <param name="diedYoung">It ran less than its backoff's reset time (see <see cref="PaceThreshold"/>).</param>
    public static AfterExit Decide(ProgramState stateAtExit, Want want, RestartPolicy policy,
        IReadOnlyList<int> exitCodes, ExitStatus status, int failedStartsBefore, int startRetries,
        QuickExitRule rule = QuickExitRule.PolicyDecides, bool diedYoung = false)
    {
        if (want == Want.Down || stateAtExit == ProgramState.Stopping) return AfterExit.Stopped;
        var restart = policy switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.Never => false,
            RestartPolicy.OnFailure => !IsExpected(exitCodes, status),
            _ => throw new InvalidOperationException($"internal error: unknown restart policy {policy}"),
        };
        if (stateAtExit == ProgramState.Starting && (restart || rule == QuickExitRule.AlwaysFailedStart))
            return failedStartsBefore + 1 > startRetries ? AfterExit.Fatal : AfterExit.Backoff;
        if (!restart) return AfterExit.Exited;
        return diedYoung ? AfterExit.RestartPaced : AfterExit.RestartNow;
    }

    /// <summary>
    /// How long a run must last for its crash to be restarted at once: the backoff's reset time,
    /// or when none is set, start_seconds and at least the backoff's initial delay (so
    /// start_seconds 0 does not make a crash loop spin).
    /// </summary>
    public static TimeSpan PaceThreshold(ProgramSpec spec) =>
        spec.Backoff.Reset ?? (spec.StartSeconds > spec.Backoff.Initial ? spec.StartSeconds : spec.Backoff.Initial);

    /// <summary>An exit is expected when it is a normal exit with one of the listed codes.</summary>
    public static bool IsExpected(IReadOnlyList<int> exitCodes, ExitStatus status) =>
        !status.Signaled && exitCodes.Contains(status.Code);

    /// <summary>
    /// Whether an exit in answer to a stop request counts as clean: an expected code, 0, death by the
    /// stop signal itself, or the shell convention 128 + that signal.
    /// </summary>
    public static bool IsCleanStop(IReadOnlyList<int> exitCodes, int stopSignal, ExitStatus status) =>
        status.Signaled ? status.Signal == stopSignal
            : status.Code == 0 || status.Code == 128 + stopSignal || exitCodes.Contains(status.Code);
}
