namespace Tend.Supervisord.XmlRpc;

/// <summary>
/// UTF-8 text built straight into one byte array. The XML-RPC writer uses it instead of a
/// StringBuilder, whose chunks, string and then UTF-8 copy cost seven times a reply's size at its
/// peak; sized from <see cref="XmlRpcSize"/>, a reply is allocated once, at its exact length.
/// </summary>
internal sealed class Utf8Text(int capacity)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 64)];
    private int _length;

    /// <summary>Text whose characters are all ASCII (tags, numbers, base64).</summary>
    public Utf8Text Append(string ascii)
    {
        Reserve(ascii.Length);
        foreach (var c in ascii) _bytes[_length++] = (byte)c;
        return this;
    }

    /// <summary>One character that is not half of a surrogate pair.</summary>
    public Utf8Text Append(char c)
    {
        if (c < 0x80)
        {
            Reserve(1);
            _bytes[_length++] = (byte)c;
        }
        else if (c < 0x800)
        {
            Reserve(2);
            _bytes[_length++] = (byte)(0xC0 | (c >> 6));
            _bytes[_length++] = (byte)(0x80 | (c & 0x3F));
        }
        else
        {
            Reserve(3);
            _bytes[_length++] = (byte)(0xE0 | (c >> 12));
            _bytes[_length++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            _bytes[_length++] = (byte)(0x80 | (c & 0x3F));
        }
        return this;
    }

    public Utf8Text Append(char high, char low)
    {
        var code = char.ConvertToUtf32(high, low);
        Reserve(4);
        _bytes[_length++] = (byte)(0xF0 | (code >> 18));
        _bytes[_length++] = (byte)(0x80 | ((code >> 12) & 0x3F));
        _bytes[_length++] = (byte)(0x80 | ((code >> 6) & 0x3F));
        _bytes[_length++] = (byte)(0x80 | (code & 0x3F));
        return this;
    }

    /// <summary>The bytes written; the buffer itself when it was sized exactly.</summary>
    public byte[] ToArray() => _length == _bytes.Length ? _bytes : _bytes[.._length];

    private void Reserve(int more)
    {
        if (_length + more <= _bytes.Length) return;
        Array.Resize(ref _bytes, Math.Max(_length + more, (int)Math.Min(Array.MaxLength, _bytes.Length * 2L)));
    }
}
