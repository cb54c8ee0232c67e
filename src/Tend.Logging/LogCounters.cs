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

    public long Bytes => Volatile.Read(ref BytesField);
    public long Lines => Volatile.Read(ref LinesField);
}

/// <summary>One row of <see cref="LogMux.Counters"/>.</summary>
public readonly record struct StreamCount(string Program, LogStream Stream, long Bytes, long Lines);
