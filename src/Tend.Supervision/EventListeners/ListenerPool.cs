namespace Tend.Supervision.EventListeners;

/// <summary>
/// One [eventlistener:x]: its subscription, its event buffer and its processes (numprocs of them).
/// As supervisord's EventListenerPool: an accepted event gets the next pool serial and joins the
/// buffer; the oldest buffered event goes to any member that is READY; a rejected event (FAIL, a bad
/// result, or its listener gone) goes back to the front with its serials unchanged; a full buffer
/// drops its oldest event, with a report. Driven on one thread, the host's loop.
/// </summary>
public sealed class ListenerPool
{
    private readonly List<QueuedEvent> _buffer = [];
    private readonly List<ListenerChannel> _members = [];
    private long _serial = -1;
    private bool _dispatching;

    public ListenerPool(string name, EventSubscription subscription, int bufferSize, ListenerReports? reports = null, string server = "supervisor")
    {
        if (bufferSize < 1) throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "buffer_size must be at least 1");
        Name = name;
        Subscription = subscription;
        BufferSize = bufferSize;
        Reports = reports ?? new ListenerReports();
        Server = server;
    }

    /// <summary>The pool: field of the header, the [eventlistener:x] name.</summary>
    public string Name { get; }

    /// <summary>The server: field of the header, supervisord's identifier.</summary>
    public string Server { get; }

    public EventSubscription Subscription { get; }
    public int BufferSize { get; }
    public ListenerReports Reports { get; }

    /// <summary>Events waiting for a READY listener, oldest first.</summary>
    public IReadOnlyList<QueuedEvent> Buffered => _buffer;

    public IReadOnlyList<ListenerChannel> Members => _members;

    /// <summary>
    /// A listener process was started with these pipes (the write end of its stdin, the read end of
    /// its stdout); the channel owns them from now on. It starts ACKNOWLEDGED, waiting for READY.
    /// </summary>
    public ListenerChannel Attach(string processName, int stdinFd, int stdoutFd)
    {
        var channel = new ListenerChannel(this, processName, stdinFd, stdoutFd);
        _members.Add(channel);
        return channel;
    }

    /// <summary>
    /// The listener process exited (or is being dropped): its pipes are closed and the event it was
    /// handling goes back to the front of the buffer for the next listener, as supervisord does.
    /// Remove its descriptors from the host's epoll set first.
    /// </summary>
    public void Detach(ListenerChannel channel)
    {
        if (!_members.Remove(channel)) return;
        if (channel.Close() is { } inFlight)
        {
            Reports.Log($"{channel.ProcessName}: exited while handling event {inFlight.Serial}; it will be sent again");
            Rebuffer(inFlight);
        }
        Dispatch();
    }

    /// <summary>Takes a new event published with <paramref name="serial"/>.</summary>
    internal void Accept(ListenerEvent e, long serial)
    {
        Buffer(new QueuedEvent(e, serial, Serials.Next(ref _serial)), head: false);
        Dispatch();
    }

    /// <summary>An event that was not processed goes back to the front.</summary>
    internal void Rebuffer(QueuedEvent e) => Buffer(e, head: true);

    /// <summary>Sends buffered events, oldest first, while some member is READY.</summary>
    public void Dispatch()
    {
        if (_dispatching) return; // a report callback may land here again; the outer pass finishes
        _dispatching = true;
        try
        {
            while (_buffer.Count > 0)
            {
                var target = _members.Find(m => m.CanTake);
                if (target is null) break;
                var e = _buffer[0];
                _buffer.RemoveAt(0);
                if (!target.Send(e)) _buffer.Insert(0, e); // that member is now out; try the next
            }
        }
        finally { _dispatching = false; }
    }

    /// <summary>Drops every member and the buffer (the [eventlistener:x] was removed).</summary>
    public void Clear()
    {
        foreach (var m in _members) m.Close();
        _members.Clear();
        _buffer.Clear();
    }

    private void Buffer(QueuedEvent e, bool head)
    {
        if (_buffer.Count >= BufferSize)
        {
            var dropped = _buffer[0];
            _buffer.RemoveAt(0);
            Reports.Log($"pool {Name} event buffer overflowed, discarding event {dropped.Serial}");
        }
        if (head) _buffer.Insert(0, e);
        else _buffer.Add(e);
    }
}
