namespace Tend.Supervision.EventListeners;

/// <summary>
/// One event as raised: its type name and its payload, fixed when it happens (supervisord computes
/// the extra values, pid and tries, when the event is created, not when it is delivered).
/// </summary>
public sealed record ListenerEvent(string Name, string Payload);

/// <summary>
/// An event accepted by one pool: the global serial (given once, when the first pool accepts it)
/// and that pool's own serial. A rejected event is put back with the same numbers, as supervisord does.
/// </summary>
public sealed record QueuedEvent(ListenerEvent Event, long Serial, long PoolSerial);

/// <summary>What a PROCESS_STATE_* event says about a process.</summary>
/// <param name="Tries">Failed starts so far (supervisord's backoff counter, already counting this one on BACKOFF).</param>
/// <param name="Pid">The process id it had; Tend clears Pid before EXITED/STOPPED, so pass the last one.</param>
public readonly record struct ProcessStateInfo(
    string ProcessName, string GroupName, ProgramState From, ProgramState To, int Tries, bool Expected, int Pid);
