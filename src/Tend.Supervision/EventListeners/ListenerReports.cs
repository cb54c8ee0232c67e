namespace Tend.Supervision.EventListeners;

/// <summary>
/// What the event machinery tells its host, all on the loop thread that drives it. Every callback
/// must return quickly and must not call back into the pool it came from.
/// </summary>
public sealed class ListenerReports
{
    /// <summary>A message for Tend's own log (overflow, rejected events, broken listeners).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Bytes a listener wrote outside the protocol: its log output (process name, bytes).</summary>
    public Action<string, byte[]> Output { get; init; } = (_, _) => { };

    /// <summary>
    /// Whether the host should watch the channel's stdin for writability (EPOLLOUT) and then call
    /// <see cref="ListenerChannel.FlushWritable"/>: true while an event is only partly written.
    /// </summary>
    public Action<ListenerChannel, bool> WatchWritable { get; init; } = (_, _) => { };

    /// <summary>A listener left the protocol (supervisord's UNKNOWN): it gets no more events until restarted.</summary>
    public Action<ListenerChannel, string> Broken { get; init; } = (_, _) => { };
}
