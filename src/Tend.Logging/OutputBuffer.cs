using System.Runtime.CompilerServices;

namespace Tend.Logging;

/// <summary>
/// Bytes waiting to go to one of Tend's output descriptors. Only whole lines are ever appended,
/// so it may be flushed at any point, and each flush is handed over whole: lines from different
/// programs never interleave. The storage is pinned so the line copier can work with pointers.
///
/// A flush goes to a <see cref="DrainingWriter"/>, which holds at most log_buffer bytes. When the
/// reader of Tend's output stops draining, the flush is dropped instead, whole lines only; the
/// buffer knows which program's stream wrote which range (<see cref="Attribute"/>), so the drop is
/// counted per stream (/metrics) and reported once forwarding recovers, as one line per stream:
/// `tend | web: 1234 lines (56789 bytes) dropped: stdout was not draining`.
/// </summary>
internal sealed unsafe class OutputBuffer
{
    public const int Capacity = 256 * 1024;

    /// <summary>Bytes past any reservation that may be overwritten: the copier stores 32-byte blocks.</summary>
    public const int Slack = 64;

    private byte[] _data = GC.AllocateUninitializedArray<byte>(Capacity + Slack, pinned: true);
    private int _length;
    private readonly DrainingWriter? _writer;
    private readonly string _streamName;
    private readonly List<(StreamCounters Counters, int Start)> _segments = [];
    private readonly Dictionary<StreamCounters, (string Program, long Lines, long Bytes)> _unreported = [];
    private StreamCounters? _current;

    /// <summary>A writer for <paramref name="fd"/>, holding at most <paramref name="limit"/> bytes the reader has not taken.</summary>
    public static DrainingWriter WriterFor(int fd, long limit, string streamName) =>
        new(fd, limit, $"tend-{streamName}", Capacity + Slack);

    /// <summary>Output through <paramref name="writer"/>, which stdout and stderr share when they are one file.</summary>
    public OutputBuffer(DrainingWriter writer, string streamName)
    {
        Fd = writer.Fd;
        _streamName = streamName;
        _writer = writer;
    }

    private OutputBuffer()
    {
        Fd = -1;
        _streamName = "";
    }

    /// <summary>A buffer that is never flushed: format a few lines into it and take <see cref="Written"/>.</summary>
    public static OutputBuffer Scratch() => new();

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public int Fd { get; }

    /// <summary>The reader went away (EPIPE) or the descriptor is unusable: output is dropped from then on.</summary>
    public bool Broken => _writer?.Broken ?? false;

    public bool ShouldFlush => _length >= Capacity / 2;

    /// <summary>Drops that still wait to be reported (see <see cref="ReportDrops"/>).</summary>
    public bool HasUnreportedDrops => _unreported.Count > 0;

    /// <summary>Formats one of Tend's own lines (set by the mux, which owns prefixes and formats).</summary>
    public Func<string, byte[]>? FormatNotice { get; set; }

    /// <summary>The bytes appended from now on are this program stream's (for counting drops).</summary>
    public void Attribute(StreamCounters counters)
    {
        if (ReferenceEquals(counters, _current)) return;
        _current = counters;
        _segments.Add((counters, _length));
    }

    /// <summary>Room for <paramref name="size"/> bytes, flushing first when the buffer is too full.</summary>
    public Span<byte> Reserve(int size) => new(ReservePointer(size), size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* ReservePointer(int size)
    {
        if (_length + size > _data.Length - Slack) MakeRoom(size);
        return (byte*)Unsafe.AsPointer(ref _data[_length]);
    }

    private void MakeRoom(int size)
    {
        Flush();
        if (size > _data.Length - Slack) // only a JSON-escaped giant line can get here
            _data = GC.AllocateUninitializedArray<byte>(size + Slack, pinned: true);
    }

    /// <summary>The end of the room for lines (the slack lies beyond it); valid until the next flush.</summary>
    public byte* Limit => (byte*)Unsafe.AsPointer(ref _data[0]) + (_data.Length - Slack);

    public void Advance(int count) => _length += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    public void Flush()
    {
        if (_length == 0 || _writer is null) return;
        if (HasUnreportedDrops) ReportDrops();
        // The block itself goes to the writer thread (no copy); a written one, or a new one, replaces it.
        byte[]? block = _data;
        if (!_writer.TryHandOver(ref block, _length)) CountDropped();
        else _data = block ?? GC.AllocateUninitializedArray<byte>(Capacity + Slack, pinned: true);
        _length = 0;
        _segments.Clear();
        if (_current is not null) _segments.Add((_current, 0)); // the stream being fed goes on
        if (_data.Length > Capacity + Slack) _data = GC.AllocateUninitializedArray<byte>(Capacity + Slack, pinned: true);
    }

    /// <summary>
    /// Once the reader drains again, says what was dropped, one line per program stream. Called
    /// before each flush and by the mux while drops wait to be reported.
    /// </summary>
    public void ReportDrops()
    {
        if (FormatNotice is null || _writer is null || _unreported.Count == 0 || !_writer.HasRoom(Capacity)) return;
        foreach (var (counters, (program, lines, bytes)) in _unreported.ToArray())
        {
            var notice = FormatNotice($"{program}: {lines} lines ({bytes} bytes) dropped: {_streamName} was not draining");
            if (!_writer.TryWrite(notice)) return; // stalled again: report later, with what comes on top
            _unreported.Remove(counters);
        }
    }

    private void CountDropped()
    {
        var data = _data.AsSpan(0, _length);
        for (var i = 0; i < _segments.Count; i++)
        {
            var (counters, start) = _segments[i];
            var end = i + 1 < _segments.Count ? _segments[i + 1].Start : _length;
            if (end <= start) continue;
            var slice = data[start..end];
            long lines = slice.Count((byte)'\n');
            counters.DroppedLinesField += lines;
            counters.DroppedBytesField += slice.Length;
            var program = counters.Program ?? "?";
            _unreported[counters] = _unreported.TryGetValue(counters, out var u)
                ? (u.Program, u.Lines + lines, u.Bytes + slice.Length)
                : (program, lines, slice.Length);
        }
    }

    /// <summary>Ends the writer thread once it has written what it holds.</summary>
    public void Close() => _writer?.Dispose();

    /// <summary>Waits (bounded) until what was handed over is written: at exit.</summary>
    public void Drain(TimeSpan timeout)
    {
        Flush();
        ReportDrops();
        _writer?.Drain(timeout);
    }
}
