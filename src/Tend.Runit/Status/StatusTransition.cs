namespace Tend.Runit.Status;

/// <summary>
/// How a supervisor's report of a process ("running as pid P", "stopping", "down") changes the
/// published record, as runsv would have changed it. Pure, so the rules sv depends on are tested
/// on their own: <see cref="SuperviseStatus.Since"/> moves only when the state or the process
/// changes (sv's waits compare it with their own start); a new process clears paused and got
/// TERM; got TERM is kept while the same process is still running.
/// </summary>
public static class StatusTransition
{
    /// <param name="current">The record as last published.</param>
    /// <param name="state">Run or down (Finish when ./finish runs, with its pid).</param>
    /// <param name="pid">The process now; ignored (0) when <paramref name="state"/> is down.</param>
    /// <param name="stopping">The supervisor has sent the stop signal to this process.</param>
    /// <param name="at">When the change happened.</param>
    public static SuperviseStatus Next(in SuperviseStatus current, RunState state, int pid, bool stopping, DateTimeOffset at)
    {
        if (state == RunState.Down) pid = 0;
        var sameProcess = state == current.State && pid == current.Pid;
        if (sameProcess)
            return stopping && !current.TermSent ? current with { TermSent = true } : current;
        var newRun = state == RunState.Run && pid != current.Pid;
        return current with
        {
            State = state,
            Pid = pid,
            // ./finish keeps the time ./run started, as runsv does.
            Since = state == RunState.Finish ? current.Since : at,
            Paused = !newRun && current.Paused,
            TermSent = state != RunState.Down && !newRun && (stopping || current.TermSent),
        };
    }
}
