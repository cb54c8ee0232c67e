using System.Globalization;
using System.Text;

namespace Tend.Supervisord.XmlRpc;

/// <summary>
/// Writes methodResponse, fault and methodCall bodies byte for byte as Python's xmlrpc.client.dumps
/// does (what supervisord sends, and what supervisorctl sends), including its line breaks: one LF
/// after each structural tag and after each value, none inside scalars, and none after &lt;nil/&gt;.
/// Only &amp;, &lt; and &gt; are escaped, as Python does. One deliberate difference: characters
/// XML 1.0 forbids (control characters in a program's log, say) become U+FFFD. Python would write
/// them as they are and then fail to parse its own reply; supervisorctl's tail would crash.
/// </summary>
public static class XmlRpcWriter
{
    private const string Declaration = "<?xml version='1.0'?>\n";

    public static byte[] Response(XmlRpcValue value)
    {
        const string Head = Declaration + "<methodResponse>\n<params>\n<param>\n", Tail = "</param>\n</params>\n</methodResponse>\n";
        var sb = new Utf8Text((int)Math.Min(Array.MaxLength, Head.Length + XmlRpcSize.Of(value) + Tail.Length));
        sb.Append(Head);
        WriteValue(sb, value);
        sb.Append(Tail);
        return sb.ToArray();
    }

    public static byte[] Fault(int code, string text)
    {
        var sb = new Utf8Text(256);
        sb.Append(Declaration).Append("<methodResponse>\n<fault>\n");
        WriteValue(sb, new XmlRpcStructBuilder().Add("faultCode", code).Add("faultString", text).Build());
        sb.Append("</fault>\n</methodResponse>\n");
        return sb.ToArray();
    }

    public static byte[] Call(string methodName, IReadOnlyList<XmlRpcValue> parameters)
    {
        var sb = new Utf8Text(256);
        sb.Append(Declaration).Append("<methodCall>\n<methodName>");
        Escape(sb, methodName);
        sb.Append("</methodName>\n<params>\n");
        foreach (var p in parameters)
        {
            sb.Append("<param>\n");
            WriteValue(sb, p);
            sb.Append("</param>\n");
        }
        sb.Append("</params>\n</methodCall>\n");
        return sb.ToArray();
    }

    internal static void WriteValue(Utf8Text sb, XmlRpcValue value)
    {
        switch (value)
        {
            case XmlRpcInt i:
                sb.Append("<value><int>").Append(i.Value.ToString(CultureInfo.InvariantCulture)).Append("</int></value>\n");
                break;
            case XmlRpcBool b:
                sb.Append("<value><boolean>").Append(b.Value ? "1" : "0").Append("</boolean></value>\n");
                break;
            case XmlRpcString s:
                sb.Append("<value><string>");
                Escape(sb, s.Value);
                sb.Append("</string></value>\n");
                break;
            case XmlRpcDouble d:
                sb.Append("<value><double>").Append(PythonFloat.Repr(d.Value)).Append("</double></value>\n");
                break;
            case XmlRpcDateTime t:
                sb.Append("<value><dateTime.iso8601>")
                    .Append(t.Value.ToString("yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture))
                    .Append("</dateTime.iso8601></value>\n");
                break;
            case XmlRpcBase64 b64:
                sb.Append("<value><base64>\n");
                WriteBase64Lines(sb, b64.Value);
                sb.Append("</base64></value>\n");
                break;
            case XmlRpcNil:
                sb.Append("<value><nil/></value>");
                break;
            case XmlRpcArray a:
                sb.Append("<value><array><data>\n");
                foreach (var item in a.Items) WriteValue(sb, item);
                sb.Append("</data></array></value>\n");
                break;
            case XmlRpcStruct st:
                sb.Append("<value><struct>\n");
                foreach (var m in st.Members)
                {
                    sb.Append("<member>\n<name>");
                    Escape(sb, m.Key);
                    sb.Append("</name>\n");
                    WriteValue(sb, m.Value);
                    sb.Append("</member>\n");
                }
                sb.Append("</struct></value>\n");
                break;
            default:
                throw new ArgumentException($"internal error: no XML-RPC form for {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>Python's base64.encodebytes: lines of at most 76 characters, each ending in LF.</summary>
    private static void WriteBase64Lines(Utf8Text sb, byte[] bytes)
    {
        const int BytesPerLine = 57; // 57 bytes encode to 76 characters
        for (var i = 0; i < bytes.Length; i += BytesPerLine)
            sb.Append(Convert.ToBase64String(bytes, i, Math.Min(BytesPerLine, bytes.Length - i))).Append("\n");
    }

    private static void Escape(Utf8Text sb, string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': sb.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c, s[++i]); break; }
                    sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
                    break;
            }
        }
    }
}
