namespace Tend.Supervision.EventListeners;

/// <summary>
/// supervisord's event type names and their hierarchy (supervisor/events.py, where each type is a
/// class and a subscription matches by isinstance). A listener subscribed to an abstract parent gets
/// every type below it: PROCESS_STATE gets every PROCESS_STATE_*, EVENT gets everything.
/// </summary>
public static class EventTypes
{
    public const string Event = "EVENT";
    public const string ProcessState = "PROCESS_STATE";
    public const string ProcessLog = "PROCESS_LOG";
    public const string ProcessCommunication = "PROCESS_COMMUNICATION";
    public const string RemoteCommunication = "REMOTE_COMMUNICATION";
    public const string SupervisorStateChange = "SUPERVISOR_STATE_CHANGE";
    public const string SupervisorStateChangeRunning = "SUPERVISOR_STATE_CHANGE_RUNNING";
    public const string SupervisorStateChangeStopping = "SUPERVISOR_STATE_CHANGE_STOPPING";
    public const string Tick = "TICK";
    public const string ProcessGroup = "PROCESS_GROUP";
    public const string ProcessGroupAdded = "PROCESS_GROUP_ADDED";
    public const string ProcessGroupRemoved = "PROCESS_GROUP_REMOVED";
    public const string ProcessLogStdout = "PROCESS_LOG_STDOUT";
    public const string ProcessLogStderr = "PROCESS_LOG_STDERR";

    /// <summary>Every name and its parent; EVENT is the root.</summary>
    private static readonly Dictionary<string, string?> Parents = new(StringComparer.Ordinal)
    {
        [Event] = null,
        [ProcessState] = Event,
        ["PROCESS_STATE_STOPPED"] = ProcessState,
        ["PROCESS_STATE_EXITED"] = ProcessState,
        ["PROCESS_STATE_STARTING"] = ProcessState,
        ["PROCESS_STATE_STOPPING"] = ProcessState,
        ["PROCESS_STATE_BACKOFF"] = ProcessState,
        ["PROCESS_STATE_FATAL"] = ProcessState,
        ["PROCESS_STATE_RUNNING"] = ProcessState,
        ["PROCESS_STATE_UNKNOWN"] = ProcessState,
        [ProcessCommunication] = Event,
        ["PROCESS_COMMUNICATION_STDOUT"] = ProcessCommunication,
        ["PROCESS_COMMUNICATION_STDERR"] = ProcessCommunication,
        [ProcessLog] = Event,
        [ProcessLogStdout] = ProcessLog,
        [ProcessLogStderr] = ProcessLog,
        [RemoteCommunication] = Event,
        [SupervisorStateChange] = Event,
        [SupervisorStateChangeRunning] = SupervisorStateChange,
        [SupervisorStateChangeStopping] = SupervisorStateChange,
        [Tick] = Event,
        ["TICK_5"] = Tick,
        ["TICK_60"] = Tick,
        ["TICK_3600"] = Tick,
        [ProcessGroup] = Event,
        [ProcessGroupAdded] = ProcessGroup,
        [ProcessGroupRemoved] = ProcessGroup,
    };

    /// <summary>The abstract parents: names a listener may subscribe to but no event is ever raised as.</summary>
    private static readonly HashSet<string> Abstract = new(StringComparer.Ordinal)
    {
        Event, ProcessState, ProcessCommunication, ProcessLog, SupervisorStateChange, Tick, ProcessGroup,
    };

    public static IReadOnlyCollection<string> All => Parents.Keys;

    public static bool IsKnown(string name) => Parents.ContainsKey(name);

    public static bool IsAbstract(string name) => Abstract.Contains(name);

    public static string? ParentOf(string name) => Parents.GetValueOrDefault(name);

    /// <summary>True when an event raised as <paramref name="eventName"/> is, or descends from, <paramref name="type"/>.</summary>
    public static bool IsA(string eventName, string type)
    {
        for (string? t = eventName; t is not null; t = ParentOf(t))
            if (t == type) return true;
        return false;
    }

    /// <summary>The PROCESS_STATE_* name for a state (the state's supervisord name).</summary>
    public static string ForState(ProgramState state) => "PROCESS_STATE_" + StateName(state);

    /// <summary>supervisord's name of a state, as it appears in from_state:.</summary>
    public static string StateName(ProgramState state) => state switch
    {
        ProgramState.Stopped => "STOPPED",
        ProgramState.Starting => "STARTING",
        ProgramState.Running => "RUNNING",
        ProgramState.Backoff => "BACKOFF",
        ProgramState.Stopping => "STOPPING",
        ProgramState.Exited => "EXITED",
        ProgramState.Fatal => "FATAL",
        _ => "UNKNOWN",
    };
}
