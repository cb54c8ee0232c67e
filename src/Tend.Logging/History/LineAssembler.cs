namespace Tend.Logging.History;

/// <summary>
/// Turns chunks (in sequence order, any programs and streams) back into lines. A line may span
/// chunks, so each program's stream carries its unfinished line; a chunk that starts in the middle
/// of a line nobody kept (its beginning fell out of the ring) loses that fragment rather than
/// showing half a line. Over-long lines are cut as the forwarder cuts them.
/// </summary>
public sealed class LineAssembler(int maxLineBytes = 16 * 1024)
{
    private readonly Dictionary<(string, LogStream), List<byte>> _carry = [];

    public void Feed(LogChunk chunk, Action<LogLine> onLine)
    {
        var key = (chunk.Program, chunk.Stream);
        var data = chunk.Data.AsSpan();
        if (!_carry.TryGetValue(key, out var carry))
        {
            if (!chunk.StartsLine)
            {
                var first = data.IndexOf((byte)'\n');
                if (first < 0) return;
                data = data[(first + 1)..];
            }
            _carry[key] = carry = [];
        }
        while (!data.IsEmpty)
        {
            var nl = data.IndexOf((byte)'\n');
            var piece = nl < 0 ? data : data[..nl];
            while (carry.Count + piece.Length > maxLineBytes)
            {
                var take = maxLineBytes - carry.Count;
                carry.AddRange(piece[..take]);
                onLine(new LogLine(chunk.Program, chunk.Stream, [.. carry]));
                carry.Clear();
                piece = piece[take..];
            }
            carry.AddRange(piece);
            if (nl < 0) break;
            onLine(new LogLine(chunk.Program, chunk.Stream, [.. carry]));
            carry.Clear();
            data = data[(nl + 1)..];
        }
    }

    /// <summary>Unfinished lines, as they are now (for a one-off read that should show everything).</summary>
    public void Flush(Action<LogLine> onLine)
    {
        foreach (var ((program, stream), carry) in _carry)
            if (carry.Count > 0)
            {
                onLine(new LogLine(program, stream, [.. carry]));
                carry.Clear();
            }
    }
}
