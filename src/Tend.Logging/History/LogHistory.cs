namespace Tend.Logging.History;

/// <summary>
/// Every program's recent output (a <see cref="LogRing"/> each), shared between the log thread
/// that appends and the control threads that read and follow. One lock for all: appends happen
/// once per pipe read, not per line, and readers are rare, so it is never contended for long.
/// </summary>
public sealed class LogHistory(int bytesPerProgram = LogHistory.DefaultBytesPerProgram)
{
    public const int DefaultBytesPerProgram = 64 * 1024;

    private readonly object _lock = new();
    private readonly Dictionary<string, LogRing> _rings = [];
    private long _sequence;
    private int _waiters;
    private bool _closed;

    /// <summary>The newest sequence number handed out; chunks after it are new.</summary>
    public long Sequence
    {
        get { lock (_lock) return _sequence; }
    }

    internal void Append(string program, LogStream stream, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (!_rings.TryGetValue(program, out var ring)) _rings[program] = ring = new LogRing(program, bytesPerProgram);
            ring.Append(stream, data, ++_sequence);
            if (_waiters > 0) Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// Chunks with a sequence above <paramref name="after"/>, of the given programs (null: all), in
    /// order, and the sequence they are complete up to (a follower's next <paramref name="after"/>).
    /// </summary>
    public List<LogChunk> ChunksAfter(long after, IReadOnlyCollection<string>? programs, out long upTo)
    {
        var chunks = new List<LogChunk>();
        lock (_lock)
        {
            upTo = _sequence;
            foreach (var ring in _rings.Values)
                if (programs is null || programs.Contains(ring.Program)) ring.CollectAfter(after, chunks);
        }
        chunks.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return chunks;
    }

    /// <summary>
    /// The last <paramref name="count"/> complete lines (null: all kept) of the given programs, with
    /// the assembler and sequence a follower continues from.
    /// </summary>
    public (List<LogLine> Lines, LineAssembler Assembler, long Sequence) Tail(int? count, IReadOnlyCollection<string>? programs = null)
    {
        var chunks = ChunksAfter(0, programs, out var sequence);
        var assembler = new LineAssembler();
        var lines = new Queue<LogLine>();
        foreach (var chunk in chunks)
            assembler.Feed(chunk, line =>
            {
                lines.Enqueue(line);
                if (count is { } max && lines.Count > max) lines.Dequeue();
            });
        return ([.. lines], assembler, sequence);
    }

    /// <summary>
    /// Bytes written on a stream since Tend started, the bytes still kept at its end (newest last),
    /// and the sequence they are complete up to, taken together (a follower continues from it).
    /// </summary>
    public (long Written, byte[] Kept, long Sequence) StreamTail(string program, LogStream stream)
    {
        lock (_lock)
        {
            if (!_rings.TryGetValue(program, out var ring)) return (0, [], _sequence);
            var chunks = new List<LogChunk>();
            ring.CollectAfter(0, chunks);
            var kept = new MemoryStream();
            foreach (var c in chunks)
                if (c.Stream == stream) kept.Write(c.Data);
            return (ring.Written(stream), kept.ToArray(), _sequence);
        }
    }

    public void Clear(string program)
    {
        lock (_lock)
            if (_rings.TryGetValue(program, out var ring)) ring.Clear();
    }

    /// <summary>Waits until something is appended after <paramref name="after"/>, or the timeout, or <see cref="Close"/>.</summary>
    /// <returns>False once closed: followers should end.</returns>
    public bool WaitForMore(long after, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_closed) return false;
            if (_sequence > after) return true;
            _waiters++;
            try { Monitor.Wait(_lock, timeout); }
            finally { _waiters--; }
            return !_closed;
        }
    }

    /// <summary>Wakes every follower for good (Tend is exiting).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }
}
