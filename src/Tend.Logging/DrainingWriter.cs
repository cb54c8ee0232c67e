using Tend.Posix;
using Tend.Posix.Files;

namespace Tend.Logging;

/// <summary>
/// Writes to one of Tend's output descriptors from its own thread, out of a queue of at most
/// log_buffer bytes, so the log thread never blocks on a slow or stopped reader (docker logs
/// paused, a full pipe). The log thread hands over whole blocks of whole lines
/// (<see cref="TryHandOver"/>), without copying them: the block itself is queued, and a written
/// block comes back for reuse.
/// - room in the queue: queued, returns at once;
/// - no room: waits up to <see cref="StallTimeout"/> for the reader to make room (a slow reader
///   slows the programs down, as a pipe would, and nothing is lost);
/// - still no room: the descriptor counts as not draining and the hand-over fails (the caller
///   drops those lines, whole, and counts them), at once from then on until a write completes.
/// The descriptor keeps its blocking mode: Tend's stdout is often shared (a terminal), and
/// O_NONBLOCK on it would reach every process sharing it.
///
/// The thread costs a hand-over per block (on 2 loaded cores, a third of the throughput), so when
/// nothing waits in the queue the block is first written right away through a non-blocking twin of
/// the descriptor (<see cref="OutputDescriptor.OpenNonBlockingTwin"/>; pipes and terminals); only
/// what the reader cannot take at once goes to the thread. Writes stay in order and whole: the direct
/// write happens under the same lock, only while the queue is empty.
///
/// The thread is started on demand, when a block has to be queued, and ends once the queue has stayed
/// empty for <see cref="IdleLinger"/>: while the reader keeps up (nearly always) it does not exist, so
/// an idle Tend has one thread less per output and nothing that could wake up.
/// </summary>
internal sealed class DrainingWriter : IDisposable
{
    /// <summary>How long a full queue may wait for the reader before lines are dropped.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long the thread waits for more to write before it ends (a reader slow for a while restarts it less often).</summary>
    private static readonly TimeSpan IdleLinger = TimeSpan.FromSeconds(2);

    /// <summary>Written blocks kept for reuse; more are left to the GC.</summary>
    private const int PooledBlocks = 4;

    private readonly int _fd;
    private readonly long _capacity;
    private readonly int _reusableLength;
    private readonly object _gate = new();
    private readonly int _twin; // non-blocking, or -1
    private readonly Queue<(byte[] Block, int Offset, int Length)> _queue = new();
    private readonly Stack<byte[]> _free = new();
    private readonly string _name;
    private bool _running;    // the thread exists (started on demand, see the class comment)
    private long _count;      // bytes queued, not yet written
    private bool _stalled;
    private bool _closing;

    /// <param name="fd">The output descriptor written to (it keeps its blocking mode).</param>
    /// <param name="capacity">At most this many bytes wait in the queue (log_buffer).</param>
    /// <param name="name">The writer thread's name.</param>
    /// <param name="reusableLength">Blocks of exactly this length come back through <see cref="TryHandOver"/> once written.</param>
    public DrainingWriter(int fd, long capacity, string name, int reusableLength)
    {
        _fd = fd;
        _twin = OutputDescriptor.OpenNonBlockingTwin(fd);
        _capacity = capacity;
        _reusableLength = reusableLength;
        _name = name;
    }

    public int Fd => _fd;

    /// <summary>The reader went away (EPIPE) or the descriptor is unusable: output is discarded from then on.</summary>
    public bool Broken { get; private set; }

    /// <summary>Bytes waiting to be written.</summary>
    public long Pending { get { lock (_gate) return _count; } }

    /// <summary>True when <paramref name="bytes"/> more would fit now.</summary>
    public bool HasRoom(int bytes)
    {
        lock (_gate) return _capacity - _count >= bytes;
    }

    /// <summary>
    /// Queues the first <paramref name="length"/> bytes of <paramref name="block"/> (whole lines) and
    /// takes the block: on success <paramref name="block"/> is replaced by a written block to reuse,
    /// or null. False when the lines had to be dropped (see the class comment); the caller keeps its block.
    /// </summary>
    public bool TryHandOver(ref byte[]? block, int length)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            if (Broken) return true; // nobody reads any more: discarded, as a closed stdout swallows writes
            var offset = 0;
            if (_queue.Count == 0 && _twin >= 0)
            {
                offset = WriteNow(block, length);
                if (Broken || offset == length) return true; // written: the caller keeps its block
                length -= offset;
            }
            // Part of it written: the rest must follow whatever the room, or a line would be torn
            // (the queue was empty, so this exceeds the bound by at most the one block).
            if (offset == 0 && length > _capacity) return false;
            if (offset == 0 && _capacity - _count < length)
            {
                if (_stalled) return false;
                var deadline = Environment.TickCount64 + (long)StallTimeout.TotalMilliseconds;
                while (_capacity - _count < length && !Broken)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0) { _stalled = true; return false; }
                    Monitor.Wait(_gate, (int)left);
                }
                if (Broken) return true;
            }
            var wasIdle = _queue.Count == 0;
            _queue.Enqueue((block, offset, length));
            _count += length;
            block = _free.Count > 0 ? _free.Pop() : null;
            if (!_running) StartThread();
            else if (wasIdle) Monitor.PulseAll(_gate); // the writer waits only on an empty queue
            return true;
        }
    }

    /// <summary>Writes what the reader takes without waiting; the bytes written. Marks the writer broken when the reader is gone.</summary>
    private int WriteNow(byte[] block, int length)
    {
        var done = 0;
        while (done < length)
        {
            var n = NonBlockingIo.Write(_twin, block.AsSpan(done, length - done), out _);
            if (n < 0) { Broken = true; break; }
            if (n == 0) break; // full: the thread waits for the reader
            done += n;
        }
        return done;
    }

    /// <summary>Queues a copy of <paramref name="bytes"/> (a few lines of Tend's own); false when dropped.</summary>
    public bool TryWrite(ReadOnlySpan<byte> bytes)
    {
        byte[]? copy = bytes.ToArray();
        return TryHandOver(ref copy, bytes.Length);
    }

    /// <summary>
    /// Waits until everything queued is written, the reader is gone, or the timeout passes; at once
    /// when the reader is not draining (it took nothing for <see cref="StallTimeout"/> already).
    /// </summary>
    public void Drain(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_count > 0 && !Broken && !_stalled)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return;
                Monitor.Wait(_gate, (int)left);
            }
        }
    }

    /// <summary>Starts the writer thread (hold the lock); it ends on its own once idle.</summary>
    private void StartThread()
    {
        _running = true;
        try
        {
            new Thread(Run, 256 * 1024) { IsBackground = true, Name = _name }.Start();
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            // No thread to be had: what is queued waits for the next hand-over to try again; the
            // bound still holds, and a reader that never drains costs dropped lines as it would anyway.
            _running = false;
        }
    }

    private void Run()
    {
        while (true)
        {
            byte[] block;
            int offset, length;
            lock (_gate)
            {
                if (_queue.Count == 0 && !_closing) Monitor.Wait(_gate, IdleLinger);
                if (_queue.Count == 0)
                {
                    _running = false; // the next block queued starts a new thread
                    return;
                }
                (block, offset, length) = _queue.Peek();
            }
            var ok = Posix.Fd.WriteAll(_fd, block.AsSpan(offset, length));
            lock (_gate)
            {
                if (!ok)
                {
                    Broken = true;
                    _queue.Clear();
                    _count = 0;
                }
                else
                {
                    _queue.Dequeue();
                    _count -= length;
                    _stalled = false; // the reader moved: wait for it again before dropping
                    if (block.Length == _reusableLength && _free.Count < PooledBlocks) _free.Push(block);
                }
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) { _closing = true; Monitor.PulseAll(_gate); }
        // The twin stays open: the thread may still be writing what was queued, and Tend is exiting.
    }
}
