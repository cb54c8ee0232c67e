namespace Tend.Supervision.EventListeners;

/// <summary>
/// Where Tend raises events: every pool whose subscription wants one gets it. The global serial is
/// given when the first pool accepts an event (an event nobody wants takes no number), and every
/// pool sees the same serial with its own pool serial, as in supervisord. Loop thread only.
/// </summary>
public sealed class EventHub
{
    private readonly List<ListenerPool> _pools = [];
    private long _serial = -1;

    public IReadOnlyList<ListenerPool> Pools => _pools;

    public void Add(ListenerPool pool) => _pools.Add(pool);

    /// <summary>Removes a pool; its listeners' pipes are closed and its buffered events dropped.</summary>
    public void Remove(ListenerPool pool)
    {
        if (_pools.Remove(pool)) pool.Clear();
    }

    public ListenerPool? Find(string name) => _pools.Find(p => p.Name == name);

    /// <summary>Whether any pool would take an event of this type (to skip building payloads nobody reads).</summary>
    public bool AnyWants(string eventName) => _pools.Exists(p => p.Subscription.Wants(eventName));

    /// <summary>Raises an event; returns its global serial, or null when no pool wanted it.</summary>
    public long? Publish(ListenerEvent e)
    {
        long? serial = null;
        foreach (var pool in _pools.ToArray())
        {
            if (!pool.Subscription.Wants(e.Name)) continue;
            serial ??= Serials.Next(ref _serial);
            pool.Accept(e, serial.Value);
        }
        return serial;
    }
}
