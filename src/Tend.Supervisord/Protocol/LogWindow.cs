using Tend.Supervisord.Backend;

namespace Tend.Supervisord.Protocol;

/// <summary>A byte range to read from a log: [Offset, Offset + Count).</summary>
public readonly record struct LogSpan(long Offset, int Count);

/// <summary>
/// Which bytes supervisord's log calls return, as pure arithmetic on a <see cref="LogExtent"/>.
/// read (readLog, readProcessStdoutLog): a negative offset means "the last -offset bytes" and then
/// length must be 0; otherwise length 0 means "to the end"; a negative length is BAD_ARGUMENTS.
/// tail (tailProcessStdoutLog): at most length bytes ending at the end of the log, with the
/// overflow flag set when bytes between the client's offset and those were skipped; the returned
/// offset is the end of the log, where the next tail continues.
/// Offsets before a ring buffer's Start are moved up to it. Reads are capped at maxBytes (supervisord
/// has no cap, and "length 0" would send a whole 50 MB log in one reply).
/// </summary>
public static class LogWindow
{
    /// <summary>The span to read, or null for BAD_ARGUMENTS.</summary>
    public static LogSpan? Read(LogExtent log, long offset, long length, int maxBytes)
    {
        long from, to;
        if (offset < 0)
        {
            if (length != 0) return null;
            to = log.End;
            from = Math.Max(log.End + offset, log.Start);
            from = Math.Max(from, to - maxBytes);
        }
        else
        {
            if (length < 0) return null;
            from = Math.Max(offset, log.Start);
            to = length == 0 ? log.End : Math.Min(offset + Math.Min(length, long.MaxValue - offset), log.End);
            to = Math.Min(to, from + maxBytes);
        }
        return to > from ? new LogSpan(from, (int)(to - from)) : new LogSpan(Math.Min(from, log.End), 0);
    }

    /// <summary>The span to read, the offset to report, and whether bytes were skipped.</summary>
    public static (LogSpan Span, long NextOffset, bool Overflow) Tail(LogExtent log, long offset, long length, int maxBytes)
    {
        var size = log.End;
        length = Math.Min(length, maxBytes);
        var overflow = false;
        if (size > offset + length)
        {
            overflow = true;
            offset = size - 1;
        }
        if (offset + length > size)
        {
            if (offset > size - 1) length = 0;
            offset = size - length;
        }
        offset = Math.Max(offset, Math.Max(0, log.Start));
        if (length < 0) length = 0;
        var count = (int)Math.Max(0, Math.Min(length, size - offset));
        return (new LogSpan(offset, count), size, overflow);
    }
}
