using Tend.Model;
using Tend.Posix;

namespace Tend.Supervision;

/// <summary>What happens to a program once its process has been reaped.</summary>
public enum AfterExit
{
    /// <summary>Start it again at once (it had been running; the policy says restart).</summary>
    RestartNow,

    /// <summary>It failed to start; retry after the backoff delay.</summary>
    Backoff,

    /// <summary>Too many failed starts in a row: give up.</summary>
    Fatal,

    /// <summary>It ended and the policy says leave it.</summary>
    Exited,

    /// <summary>It was asked to stop.</summary>
    Stopped,
}

/// <summary>
/// The pure decision after an exit: no clock, no I/O, so every combination is unit tested.
/// A program counts as started once it has stayed up for start_seconds (state RUNNING). An exit
/// before that is a failed start, retried with backoff whatever the policy (as supervisord does)
/// until start_retries is exceeded. An exit after that follows the restart policy, at once.
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
    public static AfterExit Decide(ProgramState stateAtExit, Want want, RestartPolicy policy,
        IReadOnlyList<int> exitCodes, ExitStatus status, int failedStartsBefore, int startRetries)
    {
        if (want == Want.Down || stateAtExit == ProgramState.Stopping) return AfterExit.Stopped;
        if (stateAtExit == ProgramState.Starting)
            return failedStartsBefore + 1 > startRetries ? AfterExit.Fatal : AfterExit.Backoff;
        return policy switch
        {
            RestartPolicy.Always => AfterExit.RestartNow,
            RestartPolicy.Never => AfterExit.Exited,
            RestartPolicy.OnFailure => IsExpected(exitCodes, status) ? AfterExit.Exited : AfterExit.RestartNow,
            _ => throw new InvalidOperationException($"internal error: unknown restart policy {policy}"),
        };
    }

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
