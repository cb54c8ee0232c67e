using Tend.Posix;

namespace Tend.Supervision.EventListeners;

/// <summary>
/// One running listener process, seen through its two pipes: Tend writes events to its stdin and
/// reads READY / RESULT from its stdout. Both descriptors are non-blocking and owned here. The
/// host's loop drives it: <see cref="OnReadable"/> when stdout is readable,
/// <see cref="FlushWritable"/> when stdin is writable (asked for through
/// <see cref="ListenerReports.WatchWritable"/>). Events come from its <see cref="ListenerPool"/>,
/// which holds the buffer; a channel holds at most the one event in flight. Nothing here throws
/// on what the listener does: a listener that misbehaves is reported and left alone.
/// </summary>
public sealed class ListenerChannel : IDisposable
{
    /// <summary>Reads per <see cref="OnReadable"/>, so a listener flooding its stdout cannot hold the loop.</summary>
    private const int MaxReadsPerCall = 16;

    private readonly ListenerPool _pool;
    private readonly ListenerProtocol _protocol = new();
    private readonly List<ProtocolOutcome> _outcomes = [];
    private readonly byte[] _readBuffer = new byte[4096];
    private byte[]? _pending;
    private int _pendingOffset;
    private bool _stdinGone;
    private bool _stdoutOpen = true;

    internal ListenerChannel(ListenerPool pool, string processName, int stdinFd, int stdoutFd)
    {
        _pool = pool;
        ProcessName = processName;
        StdinFd = stdinFd;
        StdoutFd = stdoutFd;
        Fd.SetNonBlocking(stdinFd);
        Fd.SetNonBlocking(stdoutFd);
    }

    public string ProcessName { get; }

    /// <summary>The write end of the listener's stdin.</summary>
    public int StdinFd { get; }

    /// <summary>The read end of the listener's stdout.</summary>
    public int StdoutFd { get; }

    public ListenerState State => _protocol.State;

    /// <summary>The event sent and not yet answered.</summary>
    public QueuedEvent? InFlight { get; private set; }

    /// <summary>
    /// supervisord sends events only to listeners in the RUNNING process state (up for startsecs,
    /// not stopping). The host says so here; a channel starts as running.
    /// </summary>
    public bool Running { get; private set; } = true;

    public bool Disposed { get; private set; }

    /// <summary>Whether an event is only partly written (the host then watches stdin for writability).</summary>
    public bool WantsWritable => _pending is not null;

    internal bool CanTake => !Disposed && !_stdinGone && Running && InFlight is null && State == ListenerState.Ready;

    /// <summary>The host's view of the process state: true once RUNNING, false from STOPPING on.</summary>
    public void SetRunning(bool running)
    {
        Running = running;
        if (running) _pool.Dispatch();
    }

    /// <summary>
    /// Consumes what the listener wrote and acts on it (next event, retry, report). Returns false
    /// once its stdout is closed or unusable: the host stops watching it and waits for the exit.
    /// </summary>
    public bool OnReadable()
    {
        if (Disposed || !_stdoutOpen) return false;
        _outcomes.Clear();
        for (var i = 0; i < MaxReadsPerCall; i++)
        {
            var n = Fd.Read(StdoutFd, _readBuffer, out var errno);
            if (n > 0)
            {
                _protocol.Feed(_readBuffer.AsSpan(0, n), _outcomes);
                continue;
            }
            if (n < 0 && NonBlockingIo.WouldBlock(errno)) break;
            _stdoutOpen = false; // EOF or error: it is exiting; the event in flight waits for Detach
            break;
        }
        foreach (var outcome in _outcomes) Handle(outcome);
        _outcomes.Clear();
        _pool.Dispatch();
        return _stdoutOpen;
    }

    /// <summary>Writes more of a partly written event; the host calls it when stdin is writable.</summary>
    public void FlushWritable()
    {
        if (_pending is null || Disposed)
        {
            _pool.Reports.WatchWritable(this, false);
            return;
        }
        var n = NonBlockingIo.Write(StdinFd, _pending.AsSpan(_pendingOffset), out var errno);
        if (n < 0)
        {
            _pending = null;
            _stdinGone = true;
            _pool.Reports.WatchWritable(this, false);
            _pool.Reports.Log($"{ProcessName}: cannot write an event to its stdin ({PosixException.Describe(errno)}); the event goes back to the buffer");
            ReturnInFlight();
            _pool.Dispatch();
            return;
        }
        _pendingOffset += n;
        if (_pendingOffset < _pending.Length) return;
        _pending = null;
        _pool.Reports.WatchWritable(this, false);
    }

    /// <summary>
    /// Writes an event to a READY listener. False when its stdin is gone (supervisord: EPIPE leaves
    /// the listener as it is and the pool tries the next one).
    /// </summary>
    internal bool Send(QueuedEvent e)
    {
        var bytes = EventSerializer.Envelope(e, _pool.Name, _pool.Server);
        var n = NonBlockingIo.Write(StdinFd, bytes, out var errno);
        if (n < 0)
        {
            _stdinGone = true;
            _pool.Reports.Log($"{ProcessName}: cannot send event {e.Serial} ({PosixException.Describe(errno)}); trying another listener");
            return false;
        }
        _protocol.Sent();
        InFlight = e;
        if (n < bytes.Length)
        {
            _pending = bytes;
            _pendingOffset = n;
            _pool.Reports.WatchWritable(this, true);
        }
        return true;
    }

    /// <summary>Hands back the event in flight (the process is gone) and closes both pipes.</summary>
    internal QueuedEvent? Close()
    {
        if (Disposed) return null;
        var inFlight = InFlight;
        InFlight = null;
        if (_pending is not null) _pool.Reports.WatchWritable(this, false);
        _pending = null;
        Dispose();
        return inFlight;
    }

    private void Handle(ProtocolOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case ProtocolOutcomeKind.Accepted:
                InFlight = null;
                break;
            case ProtocolOutcomeKind.Rejected:
                _pool.Reports.Log($"{ProcessName}: event {InFlight?.Serial} was rejected ({Text(outcome.Bytes)}); it will be sent again");
                ReturnInFlight();
                break;
            case ProtocolOutcomeKind.Broken:
                _pool.Reports.Log($"{ProcessName}: left the event listener protocol: {outcome.Reason}; it gets no more events until it is restarted");
                ReturnInFlight();
                _pool.Reports.Broken(this, outcome.Reason ?? "protocol error");
                break;
            case ProtocolOutcomeKind.Output when outcome.Bytes.Length > 0:
                _pool.Reports.Output(ProcessName, outcome.Bytes);
                break;
        }
    }

    private void ReturnInFlight()
    {
        if (InFlight is { } e) _pool.Rebuffer(e);
        InFlight = null;
    }

    private static string Text(byte[] bytes) => bytes.Length <= 64 ? System.Text.Encoding.UTF8.GetString(bytes) : $"{bytes.Length} bytes";

    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        Fd.Close(StdinFd);
        Fd.Close(StdoutFd);
    }
}
