namespace Tend.Logging.History;

/// <summary>
/// The most recent output of one program, both streams in the order they were written, for
/// `tend ctl logs` and supervisorctl's tail. A circular byte buffer holds the bytes; a queue of
/// chunk records says which stream each run belongs to and where it sits in the stream (offsets
/// count everything ever written, as a log file's would, so a tail can say what it missed).
/// The buffer grows on demand up to its capacity: a quiet program costs nothing. Not thread-safe:
/// <see cref="LogHistory"/> holds the lock.
/// </summary>
internal sealed class LogRing(string program, int capacity)
{
    private const int InitialSize = 4096;

    private readonly Queue<Entry> _entries = new();
    private readonly long[] _written = new long[2];
    private readonly bool[] _endsWithNewline = [true, true];
    private byte[] _buffer = [];
    private int _head;   // index of the oldest byte kept
    private int _used;

    public string Program { get; } = program;

    /// <summary>Bytes this stream has written since Tend started (kept or not).</summary>
    public long Written(LogStream stream) => _written[(int)stream];

    public void Append(LogStream stream, ReadOnlySpan<byte> data, long sequence)
    {
        if (data.IsEmpty) return;
        var s = (int)stream;
        var startsLine = _endsWithNewline[s];
        _endsWithNewline[s] = data[^1] == (byte)'\n';
        var offset = _written[s];
        _written[s] += data.Length;
        if (data.Length > capacity)
        {
            // Only the newest bytes fit; the rest is counted as written and lost.
            offset += data.Length - capacity;
            startsLine = data[data.Length - capacity - 1] == (byte)'\n';
            data = data[^capacity..];
        }
        Reserve(data.Length);
        var start = (_head + _used) % _buffer.Length;
        CopyIn(start, data);
        _used += data.Length;
        _entries.Enqueue(new Entry(stream, sequence, offset, startsLine, start, data.Length));
    }

    /// <summary>The chunks kept with a sequence above <paramref name="after"/>, oldest first.</summary>
    public void CollectAfter(long after, List<LogChunk> into)
    {
        foreach (var e in _entries)
            if (e.Sequence > after) into.Add(new LogChunk(Program, e.Stream, e.Sequence, e.StreamOffset, e.StartsLine, CopyOut(e.Start, e.Length)));
    }

    /// <summary>Forgets everything kept (supervisord's clearProcessLogs); offsets keep counting.</summary>
    public void Clear()
    {
        _entries.Clear();
        _head = 0;
        _used = 0;
        _endsWithNewline[0] = _endsWithNewline[1] = true;
    }

    private void Reserve(int size)
    {
        if (_buffer.Length - _used >= size) return;
        if (_buffer.Length < capacity)
        {
            var grown = new byte[Math.Min(capacity, Math.Max(InitialSize, Math.Max(_buffer.Length * 2, _used + size)))];
            // Linearise while growing: the oldest byte moves to index 0.
            CopyOutInto(_head, _used, grown);
            RebaseEntries(-_head);
            _buffer = grown;
            _head = 0;
            if (_buffer.Length - _used >= size) return;
        }
        // Full: drop the oldest chunks until the new one fits.
        while (_buffer.Length - _used < size)
        {
            var oldest = _entries.Dequeue();
            _head = (_head + oldest.Length) % _buffer.Length;
            _used -= oldest.Length;
        }
        if (_used == 0) _head = 0;
    }

    private void RebaseEntries(int delta)
    {
        var count = _entries.Count;
        var length = _buffer.Length;
        for (var i = 0; i < count; i++)
        {
            var e = _entries.Dequeue();
            var moved = length == 0 ? e.Start : ((e.Start + delta) % length + length) % length;
            _entries.Enqueue(e with { Start = moved });
        }
    }

    private void CopyIn(int start, ReadOnlySpan<byte> data)
    {
        var first = Math.Min(data.Length, _buffer.Length - start);
        data[..first].CopyTo(_buffer.AsSpan(start));
        data[first..].CopyTo(_buffer);
    }

    private byte[] CopyOut(int start, int length)
    {
        var bytes = new byte[length];
        CopyOutInto(start, length, bytes);
        return bytes;
    }

    private void CopyOutInto(int start, int length, byte[] into)
    {
        if (length == 0) return;
        var first = Math.Min(length, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(into);
        _buffer.AsSpan(0, length - first).CopyTo(into.AsSpan(first));
    }

    private readonly record struct Entry(LogStream Stream, long Sequence, long StreamOffset, bool StartsLine, int Start, int Length);
}
