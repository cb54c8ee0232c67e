namespace Tend.Supervision;

/// <summary>
/// Where a program is in its life cycle, with the sub-states that supervisord's seven states do not
/// name made explicit: a stop that is killing, ending a logger's input or waiting for leftovers; a
/// start waiting for its dependencies, its ./finish or its start hook. <see cref="ProgramState"/>
/// stays what tools see (supervisorctl, event listeners, runit's status); the phase is what the
/// life cycle decides on (<see cref="LifecycleTable"/>).
/// </summary>
public enum Phase
{
    /// <summary>Down and not wanted up (STOPPED).</summary>
    Stopped,

    /// <summary>Down, wanted up, waiting for its depends_on conditions (STOPPED, EXITED or FATAL).</summary>
    WaitingForDependencies,

    /// <summary>A start was asked while its ./finish runs: it follows the finish (runit, s6).</summary>
    WaitingForFinish,

    /// <summary>A start waits for its start hook (runit's control/u).</summary>
    WaitingForStartHook,

    /// <summary>Spawned, not up for start_seconds yet, not ready (STARTING).</summary>
    Starting,

    /// <summary>Up (RUNNING).</summary>
    Running,

    /// <summary>Waiting for the backoff delay before the next start (BACKOFF).</summary>
    Backoff,

    /// <summary>Its stop signal was sent; SIGKILL is due at stop_timeout (STOPPING).</summary>
    Stopping,

    /// <summary>A liveness restart: stopping, then a start after the liveness backoff (STOPPING).</summary>
    StoppingForLiveness,

    /// <summary>A logger whose input Tend closed: it ends by itself, or gets its stop signal at stop_timeout (STOPPING).</summary>
    EndingInput,

    /// <summary>SIGKILL was sent for the current stop (STOPPING).</summary>
    Killing,

    /// <summary>Its process was reaped, but its group or what it started outside it still runs (STOPPING, no pid).</summary>
    StoppingLeftovers,

    /// <summary>Ended and not restarted (EXITED).</summary>
    Exited,

    /// <summary>Gave up (FATAL).</summary>
    Fatal,
}

/// <summary>The one place a program's phase is read from its state and the flags that refine it.</summary>
public static class Phases
{
    public static Phase Of(ProgramRuntime p) => p.State switch
    {
        ProgramState.Starting => Phase.Starting,
        ProgramState.Running => Phase.Running,
        ProgramState.Stopping when p.HeldExit is not null => Phase.StoppingLeftovers,
        ProgramState.Stopping when p.Killed => Phase.Killing,
        ProgramState.Stopping when p.AwaitingEndOfInput => Phase.EndingInput,
        ProgramState.Stopping when p.StoppedByLiveness => Phase.StoppingForLiveness,
        ProgramState.Stopping => Phase.Stopping,
        _ when p.StartHookPid > 0 => Phase.WaitingForStartHook,
        _ when p.StartAfterFinish => Phase.WaitingForFinish,
        ProgramState.Backoff => Phase.Backoff, // its timer starts it, whatever else waits
        _ when p.PendingStart => Phase.WaitingForDependencies,
        ProgramState.Exited => Phase.Exited,
        ProgramState.Fatal => Phase.Fatal,
        _ => Phase.Stopped,
    };

    /// <summary>A phase in which the program has a live process of its own.</summary>
    public static bool HasProcess(Phase phase) => phase is Phase.Starting or Phase.Running or Phase.Stopping
        or Phase.StoppingForLiveness or Phase.EndingInput or Phase.Killing;
}
