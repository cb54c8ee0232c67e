namespace Tend.Supervision.EventListeners;

/// <summary>
/// The events= line of an [eventlistener:x], checked. supervisord upper-cases each name and
/// refuses an unknown one ("Unknown event type X") or an empty list; this keeps every problem so
/// the config reader can report them all at once.
/// </summary>
public sealed class EventSubscription
{
    private readonly HashSet<string> _types;

    private EventSubscription(HashSet<string> types, IReadOnlyList<string> unknown)
    {
        _types = types;
        Unknown = unknown;
    }

    /// <summary>The known names subscribed to, upper-cased.</summary>
    public IReadOnlyCollection<string> Types => _types;

    /// <summary>Names as written that are not event types.</summary>
    public IReadOnlyList<string> Unknown { get; }

    /// <summary>Problems in supervisord's words; empty when the list can be used.</summary>
    public IReadOnlyList<string> Errors =>
        _types.Count == 0 && Unknown.Count == 0
            ? ["requires an \"events\" line"]
            : Unknown.Select(n => $"Unknown event type {n}").ToList();

    public bool IsValid => Errors.Count == 0;

    public static EventSubscription Parse(IEnumerable<string> names)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var written in names)
        {
            var name = written.Trim().ToUpperInvariant();
            if (name.Length == 0) continue;
            if (EventTypes.IsKnown(name)) types.Add(name);
            else if (!unknown.Contains(written.Trim())) unknown.Add(written.Trim());
        }
        return new EventSubscription(types, unknown);
    }

    /// <summary>Whether an event raised as <paramref name="eventName"/> goes to this listener.</summary>
    public bool Wants(string eventName)
    {
        foreach (var type in _types)
            if (EventTypes.IsA(eventName, type)) return true;
        return false;
    }
}
