namespace Tend.Supervision;

/// <summary>
/// Where a program is in its life cycle: supervisord's seven states with the sub-states they do not
/// name made explicit (a stop that is killing, ending a logger's input or waiting for leftovers; a
/// start waiting for its dependencies, its ./finish or its start hook; a oneshot that completed).
/// The phase is what is stored (<see cref="ProgramRuntime.Phase"/>) and what the life cycle decides
/// on (<see cref="LifecycleTable"/>); <see cref="ProgramState"/>, what tools see (supervisorctl, event
/// listeners, runit's status), is read from it. No boolean beside it stands for a state.
/// </summary>
public enum Phase
{
    /// <summary>Down and not wanted up (STOPPED).</summary>
    Stopped,

    /// <summary>Asked to start, waiting for its depends_on conditions (shows the state it waits in).</summary>
    WaitingForDependencies,

    /// <summary>A start waits for the ./finish of the last run (runit, s6; shows the state it waits in).</summary>
    WaitingForFinish,

    /// <summary>A start waits for its start hook, runit's control/u (shows the state it waits in).</summary>
    WaitingForStartHook,

    /// <summary>Spawned, not up for start_seconds yet, not ready (STARTING).</summary>
    Starting,

    /// <summary>Up (RUNNING).</summary>
    Running,

    /// <summary>Waiting for the backoff delay before the next start (BACKOFF).</summary>
    Backoff,

    /// <summary>Its stop signal was sent; SIGKILL is due at stop_timeout (STOPPING).</summary>
    Stopping,

    /// <summary>A logger whose input Tend closed: it ends by itself, or gets its stop signal at stop_timeout (STOPPING).</summary>
    EndingInput,

    /// <summary>SIGKILL was sent for the current stop (STOPPING).</summary>
    Killing,

    /// <summary>Its process was reaped, but its group or what it started outside it still runs; SIGKILL due at stop_timeout (STOPPING, no pid).</summary>
    StoppingLeftovers,

    /// <summary>As <see cref="StoppingLeftovers"/>, SIGKILL sent: Tend waits a last second for them (STOPPING, no pid).</summary>
    KillingLeftovers,

    /// <summary>Ended and not restarted (EXITED).</summary>
    Exited,

    /// <summary>A oneshot that completed and whose down command has not ended yet: it counts as up for the stop order (EXITED).</summary>
    Completed,

    /// <summary>Gave up (FATAL).</summary>
    Fatal,
}

/// <summary>Questions about phases that the supervisor, the table and the tests share.</summary>
public static class Phases
{
    /// <summary>A phase in which the program has a live process of its own.</summary>
    public static bool HasProcess(Phase phase) => phase is Phase.Starting or Phase.Running or Phase.Stopping
        or Phase.EndingInput or Phase.Killing;

    /// <summary>A start that waits (for dependencies, ./finish or the start hook): it shows the state it waits in.</summary>
    public static bool IsWaiting(Phase phase) => phase is Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook;

    /// <summary>A phase a program rests in with nothing of it running and nothing under way: where a called-off start returns.</summary>
    public static bool IsRest(Phase phase) => phase is Phase.Stopped or Phase.Exited or Phase.Completed or Phase.Fatal or Phase.Backoff;

    /// <summary>A stop under way: what follows is the exit (or the end of the leftovers).</summary>
    public static bool IsStopping(Phase phase) => phase is Phase.Stopping or Phase.EndingInput or Phase.Killing
        or Phase.StoppingLeftovers or Phase.KillingLeftovers;
}
