using Tend.Runit.Status;

namespace Tend.Runit.Control;

/// <summary>What to do after an 'x' once the service has stopped.</summary>
public enum ExitStep
{
    /// <summary>Nothing yet: exit not wanted, the service still running, or the log still draining.</summary>
    Stay,
    /// <summary>
    /// Set the log service's want to exit, publish it, and close the log pipe's write end so the
    /// logger reads EOF and ends by itself (runsv does not signal it).
    /// </summary>
    StopLog,
    /// <summary>
    /// Stop supervising the service: dispose its supervise directories. sv sees the ok FIFO
    /// lose its reader, which is how "sv -w N exit" learns it succeeded.
    /// </summary>
    Release,
}

/// <summary>runsv's end-of-loop check for 'x', as a pure function.</summary>
public static class ExitDecision
{
    /// <param name="state">The service's state.</param>
    /// <param name="want">The service's want ('x' sets it to exit).</param>
    /// <param name="logPid">The log service's process, 0 when none (or no log service).</param>
    /// <param name="logWant">The log service's want, null when there is no log service.</param>
    public static ExitStep Next(RunState state, Want want, int logPid, Want? logWant)
    {
        if (want != Want.Exit || state != RunState.Down) return ExitStep.Stay;
        if (logPid == 0) return ExitStep.Release;
        return logWant == Want.Exit ? ExitStep.Stay : ExitStep.StopLog;
    }
}
