namespace Tend.Logging;

/// <summary>
/// Cuts a byte stream into lines for one source. A partial line is carried to the next read (up to
/// MaxLineBytes; beyond that it is emitted in pieces cut before a UTF-8 continuation byte, so a
/// character is never torn). Pure: no I/O, so it is unit tested directly.
/// </summary>
public sealed class LineSplitter(int maxLineBytes)
{
    private readonly byte[] _carry = new byte[maxLineBytes];
    private int _carryLength;

    public int MaxLineBytes { get; } = maxLineBytes;
    public bool HasPartial => _carryLength > 0;

    public delegate void LineHandler(ReadOnlySpan<byte> line);

    /// <summary>Feeds bytes; calls <paramref name="onLine"/> for each complete line (newline excluded).</summary>
    public void Feed(ReadOnlySpan<byte> data, LineHandler onLine)
    {
        while (data.Length > 0)
        {
            if (_carryLength == MaxLineBytes)
            {
                // A full carry is a whole line if a newline comes next, otherwise a piece to cut off.
                if (data[0] == (byte)'\n')
                {
                    onLine(_carry.AsSpan(0, _carryLength));
                    _carryLength = 0;
                    data = data[1..];
                }
                else EmitPiece(onLine);
                continue;
            }
            var nl = data.IndexOf((byte)'\n');
            if (nl >= 0 && _carryLength + nl <= MaxLineBytes)
            {
                if (_carryLength == 0) onLine(data[..nl]);
                else
                {
                    data[..nl].CopyTo(_carry.AsSpan(_carryLength));
                    onLine(_carry.AsSpan(0, _carryLength + nl));
                    _carryLength = 0;
                }
                data = data[(nl + 1)..];
                continue;
            }
            // No newline within reach: fill the carry; the top of the loop decides what it is.
            var take = Math.Min(MaxLineBytes - _carryLength, nl >= 0 ? nl : data.Length);
            data[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            data = data[take..];
        }
    }

    /// <summary>Emits the partial line, if any (end of stream).</summary>
    public void Flush(LineHandler onLine)
    {
        if (_carryLength == 0) return;
        onLine(_carry.AsSpan(0, _carryLength));
        _carryLength = 0;
    }

    private void EmitPiece(LineHandler onLine)
    {
        var cut = _carryLength;
        // Step back over continuation bytes (10xxxxxx) so the piece ends on a character boundary.
        var boundary = cut;
        for (var i = cut - 1; i >= Math.Max(0, cut - 4); i--)
        {
            var b = _carry[i];
            if ((b & 0xC0) == 0x80) continue; // continuation byte
            var needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (i + needed > cut) boundary = i; // this character does not fit whole
            break;
        }
        if (boundary == 0) boundary = cut; // not UTF-8 at all: cut anywhere
        onLine(_carry.AsSpan(0, boundary));
        var rest = _carryLength - boundary;
        _carry.AsSpan(boundary, rest).CopyTo(_carry);
        _carryLength = rest;
    }
}
