namespace Tend.Logging;

/// <summary>
/// What one program's stream has sent through Tend, for /metrics. Written only by the log thread;
/// read from others (64-bit reads are atomic, and a slightly old value is fine for a counter).
/// Kept across restarts of the program, as a counter should be.
/// </summary>
public sealed class StreamCounters
{
    internal long BytesField;
    internal long LinesField;
    internal long DroppedLinesField;
    internal long DroppedBytesField;

    /// <summary>The program whose stream this is (Tend's own name for its messages).</summary>
    public string? Program { get; init; }

    public long Bytes => Volatile.Read(ref BytesField);
    public long Lines => Volatile.Read(ref LinesField);

    /// <summary>Lines (and their bytes, as formatted) dropped because Tend's output was not draining.</summary>
    public long DroppedLines => Volatile.Read(ref DroppedLinesField);
    public long DroppedBytes => Volatile.Read(ref DroppedBytesField);
}

/// <summary>One row of <see cref="LogMux.Counters"/>.</summary>
public readonly record struct StreamCount(string Program, LogStream Stream, long Bytes, long Lines, long DroppedLines = 0, long DroppedBytes = 0);
