namespace Tend.Model;

/// <summary>
/// Makes a program a supervisord event listener: Tend talks the event protocol over its stdin and
/// stdout (READY / header + payload / RESULT), so its stdout is a protocol channel, not a log.
/// </summary>
public sealed record EventListenerSpec
{
    /// <summary>Event type names it subscribes to (PROCESS_STATE, TICK_60, …), as written.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Events queued while the listener is busy; the oldest is dropped on overflow.</summary>
    public int BufferSize { get; init; } = 10;
}
