using System.Globalization;

namespace Tend.Supervisord.XmlRpc;

/// <summary>
/// How many bytes <see cref="XmlRpcWriter"/> writes for a value, counted without writing it, so a
/// reply can be refused before the writer spends several times its size (StringBuilder, string,
/// UTF-8 bytes). Must agree with the writer byte for byte; a property test holds them together.
/// </summary>
public static class XmlRpcSize
{
    /// <summary>The bytes of <paramref name="value"/> as <see cref="XmlRpcWriter.WriteValue"/> writes it.</summary>
    public static long Of(XmlRpcValue value) => value switch
    {
        XmlRpcInt i => "<value><int></int></value>\n".Length + i.Value.ToString(CultureInfo.InvariantCulture).Length,
        XmlRpcBool => "<value><boolean>0</boolean></value>\n".Length,
        XmlRpcString s => "<value><string></string></value>\n".Length + Escaped(s.Value),
        XmlRpcDouble d => "<value><double></double></value>\n".Length + PythonFloat.Repr(d.Value).Length,
        XmlRpcDateTime => "<value><dateTime.iso8601>yyyymmddThh:mm:ss</dateTime.iso8601></value>\n".Length,
        XmlRpcBase64 b => "<value><base64>\n</base64></value>\n".Length + Base64Lines(b.Value.Length),
        XmlRpcNil => "<value><nil/></value>".Length,
        XmlRpcArray a => "<value><array><data>\n</data></array></value>\n".Length + a.Items.Sum(Of),
        XmlRpcStruct st => "<value><struct>\n</struct></value>\n".Length
            + st.Members.Sum(m => "<member>\n<name></name>\n</member>\n".Length + Escaped(m.Key) + Of(m.Value)),
        _ => 0,
    };

    /// <summary>UTF-8 bytes of <paramref name="s"/> after the writer's escaping and replacements.</summary>
    public static long Escaped(string s)
    {
        long n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '&') n += 5;
            else if (c is '<' or '>') n += 4;
            else if (c is '\t' or '\n' or '\r') n += 1;
            else if (c is < ' ' or '\uFFFE' or '\uFFFF') n += 3; // U+FFFD
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { n += 4; i++; }
            else if (char.IsSurrogate(c)) n += 3; // a lone half: U+FFFD
            else n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /// <summary>Python's base64.encodebytes: 76 characters and a LF per 57 bytes, the last line shorter.</summary>
    private static long Base64Lines(long bytes)
    {
        var fullLines = bytes / 57;
        var rest = bytes % 57;
        return fullLines * 77 + (rest == 0 ? 0 : (rest + 2) / 3 * 4 + 1);
    }
}
