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
/// <param name="ProcessName">supervisord's process name.</param>
/// <param name="GroupName">supervisord's group name.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Tries">Failed starts so far (supervisord's backoff counter, already counting this one on BACKOFF).</param>
/// <param name="Expected">For an exit: whether its exit code was one of the expected ones.</param>
/// <param name="Pid">The process id it had; Tend clears Pid before EXITED/STOPPED, so pass the last one.</param>
public readonly record struct ProcessStateInfo(
    string ProcessName, string GroupName, ProgramState From, ProgramState To, int Tries, bool Expected, int Pid);

/// <summary>Building <see cref="ProcessStateInfo"/> from what the supervision loop raises.</summary>
public static class ProcessStateInfoExtensions
{
    /// <summary>
    /// The event for a state change. Tries is the program's failed-start count (Tend counts the
    /// failure before entering BACKOFF, as supervisord does); the group is its [group:x], else its
    /// own name. <paramref name="pid"/>: the pid it had, since Tend has cleared it by EXITED.
    /// </summary>
    public static ProcessStateInfo ToEventInfo(this StateChange change, int pid) => new(
        change.Program.Name, change.Program.Spec.GroupName,
        change.From, change.To, change.Program.FailedStarts, change.Expected, pid);
}
