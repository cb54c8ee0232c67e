namespace Tend.Http;

/// <summary>
/// Incremental decoder for a chunked body (RFC 9112 §7.1): feed bytes as they arrive, get whole chunks out,
/// in order. Whole, because the server writes one message per chunk (one batch of log lines, one event) and
/// a reader should not have to stitch pieces back together. Chunk extensions and trailers are skipped.
/// Malformed input throws <see cref="FormatException"/>.
/// </summary>
internal sealed class ChunkedDecoder(int maxChunkBytes = 16 << 20)
{
    private const int MaxLineBytes = 4096;

    private enum State { Size, Data, DataEnd, Trailer, Done }

    private State _state = State.Size;
    private readonly byte[] _line = new byte[MaxLineBytes];
    private int _lineLength;
    private int _chunkSize;
    private byte[]? _pending; // a chunk that arrives in pieces is gathered here
    private int _pendingFilled;

    /// <summary>True once the last chunk and the trailer section have been read.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>Consumes bytes and returns how many: it stops at the end of the body, and the rest is not the body's.</summary>
    public int Feed(ReadOnlySpan<byte> data, Action<ReadOnlySpan<byte>> onChunk)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var take = Math.Min(_chunkSize - _pendingFilled, data.Length - i);
                if (_pending is null && take == _chunkSize)
                {
                    onChunk(data.Slice(i, take)); // arrived whole: no copy
                }
                else
                {
                    _pending ??= new byte[_chunkSize];
                    data.Slice(i, take).CopyTo(_pending.AsSpan(_pendingFilled));
                    _pendingFilled += take;
                    if (_pendingFilled < _chunkSize)
                    {
                        i += take;
                        continue;
                    }
                    var chunk = _pending;
                    _pending = null;
                    _pendingFilled = 0;
                    onChunk(chunk);
                }
                i += take;
                _state = State.DataEnd;
                continue;
            }

            var lf = data[i..].IndexOf((byte)'\n');
            var piece = lf < 0 ? data[i..] : data.Slice(i, lf + 1);
            if (_lineLength + piece.Length > MaxLineBytes) throw new FormatException("chunked body: line too long");
            piece.CopyTo(_line.AsSpan(_lineLength));
            _lineLength += piece.Length;
            i += piece.Length;
            if (lf < 0) continue;

            var line = _line.AsSpan(0, _lineLength);
            _lineLength = 0;
            if (line.Length < 2 || line[^2] != '\r') throw new FormatException("chunked body: line not ended by CRLF");
            OnLine(line[..^2]);
        }
        return i;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        switch (_state)
        {
            case State.Size:
                var size = ParseSize(line);
                if (size == 0) _state = State.Trailer;
                else
                {
                    _chunkSize = size;
                    _state = State.Data;
                }
                break;
            case State.DataEnd:
                if (!line.IsEmpty) throw new FormatException("chunked body: chunk longer than its size");
                _state = State.Size;
                break;
            case State.Trailer:
                if (line.IsEmpty) _state = State.Done; // a non-empty line is a trailer field: skipped
                break;
        }
    }

    /// <summary>chunk-size [ BWS ";" chunk-ext ]: hex digits, then anything after ';' is an extension.</summary>
    private int ParseSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t"u8);
        if (digits.IsEmpty) throw new FormatException("chunked body: missing chunk size");
        long size = 0;
        foreach (var c in digits)
        {
            var v = PercentDecoding.HexValue(c);
            if (v < 0) throw new FormatException("chunked body: malformed chunk size");
            size = size * 16 + v;
            if (size > maxChunkBytes) throw new FormatException("chunked body: chunk too large");
        }
        return (int)size;
    }
}
