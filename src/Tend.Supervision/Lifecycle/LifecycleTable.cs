namespace Tend.Supervision;

/// <summary>What can happen to a program: the columns of <see cref="LifecycleTable"/>.</summary>
public enum LifecycleEvent
{
    /// <summary>Its process was reaped.</summary>
    Exited,

    /// <summary>Its timer fired: start_seconds, the backoff delay, stop_timeout, the leftovers poll.</summary>
    Timer,

    /// <summary>It was asked to stop: `tend ctl stop`, a dependency gone FATAL, a shutdown wave.</summary>
    StopRequested,

    /// <summary>`tend ctl start` (or supervisorctl's, runit's up), autostart, restart_with of a program that is down.</summary>
    StartRequested,

    /// <summary>The depends_on conditions of a waiting start hold (or S6_CMD_WAIT_FOR_SERVICES_MAXTIME gave up on them).</summary>
    DependenciesMet,

    /// <summary>The start hook it waited for (runit's control/u) ended.</summary>
    StartHookEnded,

    /// <summary>Its ./finish (runit, s6) ended.</summary>
    FinishEnded,

    /// <summary>It said it is ready: readiness probe passing, notification-fd, READY=1.</summary>
    Ready,

    /// <summary>Its liveness probe is failing.</summary>
    LivenessFailed,

    /// <summary>At shutdown, the program it reads (a logger's writer) is down: Tend ends its input.</summary>
    InputEnded,

    /// <summary>What a stopped program left running (its group, what it started outside it) is gone, or given up on.</summary>
    LeftoversGone,

    /// <summary>A reload changed its settings.</summary>
    Reloaded,

    /// <summary>A reload removed it.</summary>
    Removed,

    /// <summary>Tend's shutdown began (the waves then stop each program with <see cref="StopRequested"/> or <see cref="InputEnded"/>).</summary>
    Shutdown,
}

/// <summary>What the supervisor does for an event, in the program's phase.</summary>
public enum Reaction
{
    /// <summary>Nothing to do in this phase, by design (an event that may arrive late or twice).</summary>
    Ignore,

    /// <summary>The pair cannot happen: a bug. Logged as an internal error, never fatal to PID 1.</summary>
    InternalError,

    /// <summary>Exit: decide by <see cref="ExitPlan"/> (restart, back off, EXITED, FATAL, STOPPED); a stop first waits for its leftovers.</summary>
    DecideAfterExit,

    /// <summary>Timer at start_seconds, or a ready verdict while STARTING: RUNNING.</summary>
    EnterRunning,

    /// <summary>Timer at the backoff's reset time while RUNNING: its failed starts are forgotten.</summary>
    ForgetFailures,

    /// <summary>Timer at the end of BACKOFF: start again (if still wanted up).</summary>
    StartAgain,

    /// <summary>Timer at stop_timeout: SIGKILL to it, its group and its strays.</summary>
    Kill,

    /// <summary>Timer at a logger's stop_timeout after its input ended: now its stop signal.</summary>
    SendStopSignal,

    /// <summary>Timer while its exit is held: are its leftovers gone? SIGKILL them at stop_timeout; give up a second later.</summary>
    PollLeftovers,

    /// <summary>Stop request while up: STOPPING, the stop signal, SIGKILL due at stop_timeout.</summary>
    BeginStop,

    /// <summary>Stop request in BACKOFF: STOPPED at once (no process to signal).</summary>
    StopAtOnce,

    /// <summary>Stop request while a start waits (dependencies, ./finish, start hook): the start is called off.</summary>
    CancelStart,

    /// <summary>Start request while down: start once its dependencies allow.</summary>
    Start,

    /// <summary>Start request in BACKOFF: the delay is cut short, start now.</summary>
    CutBackoffShort,

    /// <summary>Start request while it runs or stops: refused with its state.</summary>
    Refuse,

    /// <summary>What it waited for is there (dependencies, ./finish): go on with the start.</summary>
    ContinueStart,

    /// <summary>Its start hook ended: spawn it.</summary>
    Spawn,

    /// <summary>Liveness failing while up: stop it, start it again after the liveness backoff.</summary>
    RestartForLiveness,

    /// <summary>A logger at shutdown: close its input and let it end by itself; its stop signal at stop_timeout.</summary>
    EndInput,

    /// <summary>Reload while down: the new settings take over now.</summary>
    SwapSettings,

    /// <summary>Removed while down: dropped now.</summary>
    Drop,
}

/// <summary>
/// The life cycle as one table: for every phase and every event, what the supervisor does. One
/// method per event, each a switch over every phase with the pairs that are ignored written out
/// and an internal error for a pair that cannot happen. Pure: the supervisor reads it and performs
/// the effects; unit tests go over every pair, and docs/design.md prints it (<see cref="Render"/>).
/// </summary>
public static class LifecycleTable
{
    public static Reaction React(Phase phase, LifecycleEvent ev) => ev switch
    {
        LifecycleEvent.Exited => OnExited(phase),
        LifecycleEvent.Timer => OnTimer(phase),
        LifecycleEvent.StopRequested => OnStopRequested(phase),
        LifecycleEvent.StartRequested => OnStartRequested(phase),
        LifecycleEvent.DependenciesMet => OnDependenciesMet(phase),
        LifecycleEvent.StartHookEnded => OnStartHookEnded(phase),
        LifecycleEvent.FinishEnded => OnFinishEnded(phase),
        LifecycleEvent.Ready => OnReady(phase),
        LifecycleEvent.LivenessFailed => OnLivenessFailed(phase),
        LifecycleEvent.InputEnded => OnInputEnded(phase),
        LifecycleEvent.LeftoversGone => OnLeftoversGone(phase),
        LifecycleEvent.Reloaded => OnReloaded(phase),
        LifecycleEvent.Removed => OnRemoved(phase),
        LifecycleEvent.Shutdown => OnShutdown(phase),
        _ => Reaction.InternalError,
    };

    /// <summary>Its process was reaped. Only a phase with a process can see it.</summary>
    public static Reaction OnExited(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.DecideAfterExit,
        Phase.Stopping or Phase.EndingInput or Phase.Killing => Reaction.DecideAfterExit,
        Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.InternalError, // reaped already: its exit is held
        Phase.Stopped or Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook
            or Phase.Backoff or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.InternalError, // no process
        _ => Reaction.InternalError,
    };

    /// <summary>Its one timer fired; which timer it is follows from the phase.</summary>
    public static Reaction OnTimer(Phase phase) => phase switch
    {
        Phase.Starting => Reaction.EnterRunning,
        Phase.Running => Reaction.ForgetFailures,
        Phase.Backoff => Reaction.StartAgain,
        Phase.Stopping => Reaction.Kill,
        Phase.EndingInput => Reaction.SendStopSignal,
        Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.PollLeftovers,
        Phase.Killing => Reaction.Ignore, // SIGKILL sent: the reap follows
        Phase.Stopped or Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook
            or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.Ignore, // no timer of its own (a stale one is dropped)
        _ => Reaction.InternalError,
    };

    public static Reaction OnStopRequested(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.BeginStop,
        Phase.Backoff => Reaction.StopAtOnce,
        Phase.Stopping or Phase.EndingInput or Phase.Killing
            or Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.Ignore, // stopping already: its stop_timeout still holds
        Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.CancelStart,
        Phase.Stopped or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.Ignore, // down already
        _ => Reaction.InternalError,
    };

    public static Reaction OnStartRequested(Phase phase) => phase switch
    {
        Phase.Stopped or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.Start,
        Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.Ignore, // on its way
        Phase.Backoff => Reaction.CutBackoffShort,
        Phase.Starting or Phase.Running => Reaction.Refuse, // already started
        Phase.Stopping or Phase.EndingInput or Phase.Killing
            or Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.Refuse, // a restart is the way to start a stopping program
        _ => Reaction.InternalError,
    };

    /// <summary>Only a start that waits for its dependencies asks the gate.</summary>
    public static Reaction OnDependenciesMet(Phase phase) => phase switch
    {
        Phase.WaitingForDependencies => Reaction.ContinueStart,
        _ => Reaction.InternalError,
    };

    public static Reaction OnStartHookEnded(Phase phase) => phase switch
    {
        Phase.WaitingForStartHook => Reaction.Spawn,
        _ => Reaction.Ignore, // the start it ran for was called off (or a start after it did not wait)
    };

    public static Reaction OnFinishEnded(Phase phase) => phase switch
    {
        Phase.WaitingForFinish => Reaction.ContinueStart,
        Phase.Stopped or Phase.WaitingForDependencies or Phase.WaitingForStartHook or Phase.Backoff
            or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.Ignore, // no start waited for it
        Phase.Starting or Phase.Running => Reaction.Ignore, // a start that did not wait (a control start after the exit)
        Phase.Stopping or Phase.EndingInput or Phase.Killing
            or Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.Ignore,
        _ => Reaction.InternalError,
    };

    public static Reaction OnReady(Phase phase) => phase switch
    {
        Phase.Starting => Reaction.EnterRunning,
        Phase.Running => Reaction.Ignore, // running already; readiness is recorded by the caller
        _ => Reaction.Ignore, // a stop wins over a late verdict; down: a verdict about an earlier run
    };

    public static Reaction OnLivenessFailed(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.RestartForLiveness,
        _ => Reaction.Ignore, // a stop is under way (perhaps for this), or a verdict about an earlier run
    };

    public static Reaction OnInputEnded(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.EndInput,
        _ => Reaction.Ignore, // not running: nothing reads the input
    };

    public static Reaction OnLeftoversGone(Phase phase) => phase switch
    {
        Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.DecideAfterExit,
        _ => Reaction.InternalError, // only a held exit waits for leftovers
    };

    public static Reaction OnReloaded(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.BeginStop, // the new settings take over after the exit
        Phase.Backoff => Reaction.StopAtOnce,
        Phase.Stopping or Phase.EndingInput or Phase.Killing
            or Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.Ignore, // the exit applies them
        Phase.Stopped or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.SwapSettings,
        Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.SwapSettings,
        _ => Reaction.InternalError,
    };

    public static Reaction OnRemoved(Phase phase) => phase switch
    {
        Phase.Starting or Phase.Running => Reaction.BeginStop, // dropped after the exit
        Phase.Backoff => Reaction.StopAtOnce,
        Phase.Stopping or Phase.EndingInput or Phase.Killing
            or Phase.StoppingLeftovers or Phase.KillingLeftovers => Reaction.Ignore, // the exit drops it
        Phase.Stopped or Phase.Exited or Phase.Completed or Phase.Fatal => Reaction.Drop,
        Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.Drop,
        _ => Reaction.InternalError,
    };

    public static Reaction OnShutdown(Phase phase) => phase switch
    {
        Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook => Reaction.CancelStart,
        _ => Reaction.Ignore, // the waves stop it in order (StopRequested, InputEnded)
    };

    /// <summary>The table as Markdown, phases as rows and events as columns (docs/design.md holds this text).</summary>
    public static string Render()
    {
        var events = Enum.GetValues<LifecycleEvent>();
        var sb = new System.Text.StringBuilder();
        sb.Append("| phase (state) |");
        foreach (var e in events) sb.Append(' ').Append(e).Append(" |");
        sb.Append("\n|---|");
        foreach (var _ in events) sb.Append("---|");
        sb.Append('\n');
        foreach (var phase in Enum.GetValues<Phase>())
        {
            var shown = Phases.IsWaiting(phase) ? "as it waits in" : StateOf(phase).ToString().ToUpperInvariant();
            sb.Append("| ").Append(phase).Append(" (").Append(shown).Append(") |");
            foreach (var e in events)
            {
                var r = React(phase, e);
                sb.Append(' ').Append(r switch { Reaction.Ignore => "·", Reaction.InternalError => "bug", _ => r.ToString() }).Append(" |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The supervisord state a phase shows as (a waiting start shows the state it waits in: <see cref="ProgramRuntime.State"/>; STOPPED here).</summary>
    public static ProgramState StateOf(Phase phase) => phase switch
    {
        Phase.Starting => ProgramState.Starting,
        Phase.Running => ProgramState.Running,
        Phase.Backoff => ProgramState.Backoff,
        Phase.Stopping or Phase.EndingInput or Phase.Killing or Phase.StoppingLeftovers or Phase.KillingLeftovers => ProgramState.Stopping,
        Phase.Exited or Phase.Completed => ProgramState.Exited,
        Phase.Fatal => ProgramState.Fatal,
        _ => ProgramState.Stopped,
    };
}
