namespace Tend.Logging;

/// <summary>
/// Writes to one of Tend's output descriptors from its own thread, out of a ring of at most
/// log_buffer bytes, so the log thread never blocks on a slow or stopped reader (docker logs
/// paused, a full pipe). The log thread hands over whole lines only (<see cref="TryWrite"/>):
/// - room in the ring: copied, returns at once;
/// - no room: waits up to <see cref="StallTimeout"/> for the reader to make room (a slow reader
///   slows the programs down, as a pipe would, and nothing is lost);
/// - still no room: the descriptor counts as not draining and TryWrite returns false (the caller
///   drops those lines, whole, and counts them), at once from then on until a write completes.
/// The descriptor keeps its blocking mode: Tend's stdout is often shared (a terminal), and
/// O_NONBLOCK on it would reach every process sharing it.
/// </summary>
internal sealed class DrainingWriter : IDisposable
{
    /// <summary>How long a full ring may wait for the reader before lines are dropped.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(1);

    private readonly int _fd;
    private readonly byte[] _ring;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private int _start;       // first byte not yet written
    private int _count;       // bytes waiting
    private bool _stalled;
    private bool _closing;

    public DrainingWriter(int fd, long capacity, string name)
    {
        _fd = fd;
        _ring = GC.AllocateUninitializedArray<byte>((int)capacity);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public int Fd => _fd;

    /// <summary>The reader went away (EPIPE) or the descriptor is unusable: output is discarded from then on.</summary>
    public bool Broken { get; private set; }

    /// <summary>Bytes waiting to be written.</summary>
    public int Pending { get { lock (_gate) return _count; } }

    /// <summary>True when <paramref name="bytes"/> more would fit now.</summary>
    public bool HasRoom(int bytes)
    {
        lock (_gate) return _ring.Length - _count >= bytes;
    }

    /// <summary>Queues whole lines; false when they had to be dropped (see the class comment).</summary>
    public bool TryWrite(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (Broken) return true; // nobody reads any more: discarded, as a closed stdout swallows writes
            if (bytes.Length > _ring.Length) return false;
            if (_ring.Length - _count < bytes.Length)
            {
                if (_stalled) return false;
                var deadline = Environment.TickCount64 + (long)StallTimeout.TotalMilliseconds;
                while (_ring.Length - _count < bytes.Length && !Broken)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0) { _stalled = true; return false; }
                    Monitor.Wait(_gate, (int)left);
                }
                if (Broken) return true;
            }
            var end = (_start + _count) % _ring.Length;
            var first = Math.Min(bytes.Length, _ring.Length - end);
            bytes[..first].CopyTo(_ring.AsSpan(end));
            bytes[first..].CopyTo(_ring);
            _count += bytes.Length;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Waits until everything queued is written, the reader is gone, or the timeout passes.</summary>
    public void Drain(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_count > 0 && !Broken)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return;
                Monitor.Wait(_gate, (int)left);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            int start, length;
            lock (_gate)
            {
                while (_count == 0 && !_closing) Monitor.Wait(_gate);
                if (_count == 0) return;
                start = _start;
                length = Math.Min(_count, _ring.Length - _start); // the contiguous part
            }
            var ok = Posix.Fd.WriteAll(_fd, _ring.AsSpan(start, length));
            lock (_gate)
            {
                if (!ok) { Broken = true; _count = 0; }
                else
                {
                    _start = (_start + length) % _ring.Length;
                    _count -= length;
                    _stalled = false; // the reader moved: wait for it again before dropping
                }
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) { _closing = true; Monitor.PulseAll(_gate); }
    }
}
