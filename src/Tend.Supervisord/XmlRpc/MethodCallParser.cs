using System.Globalization;
using System.Text;

namespace Tend.Supervisord.XmlRpc;

/// <summary>
/// Reads an XML-RPC methodCall body. Strict about structure (every element in its place, only
/// whitespace between elements) and bounded (body size, nesting depth); any malformed input gives
/// an error result, never an exception. A &lt;value&gt; without a type element is a string, as
/// the XML-RPC specification and Python's client both say; &lt;params&gt; may be absent.
/// </summary>
public static class MethodCallParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MethodCallParseResult Parse(ReadOnlySpan<byte> body, XmlRpcLimits? limits = null)
    {
        limits ??= XmlRpcLimits.Default;
        if (body.Length > limits.MaxBodyBytes) return new(null, $"request body exceeds {limits.MaxBodyBytes} bytes");
        string text;
        try { text = StrictUtf8.GetString(body); }
        catch (DecoderFallbackException) { return new(null, "request body is not valid UTF-8"); }
        try { return new(new Reader(new XmlScanner(text), limits.MaxDepth).MethodCall(), null); }
        catch (XmlRpcSyntaxException e) { return new(null, e.Message); }
    }

    /// <summary>Reads a single &lt;value&gt; element (with optional surrounding whitespace); for tests and tools.</summary>
    internal static XmlRpcValue ParseValue(string xml, int maxDepth = 32)
    {
        var r = new Reader(new XmlScanner(xml), maxDepth);
        var v = r.ValueDocument();
        return v;
    }

    private sealed class Reader(XmlScanner scanner, int maxDepth)
    {
        public MethodCall MethodCall()
        {
            ExpectStart("methodCall", allowEmpty: false);
            var name = TextOf(ExpectStart("methodName"));
            if (name.Length == 0) throw Fail("empty methodName");
            var parameters = new List<XmlRpcValue>();
            SkipSpace();
            if (scanner.Peek() is { Kind: XmlTokenKind.Start, Name: "params" })
            {
                if (!scanner.Next().SelfClosing)
                {
                    while (true)
                    {
                        SkipSpace();
                        if (scanner.Peek() is { Kind: XmlTokenKind.End, Name: "params" }) { scanner.Next(); break; }
                        ExpectStart("param", allowEmpty: false);
                        parameters.Add(Value(0));
                        ExpectEnd("param");
                    }
                }
            }
            ExpectEnd("methodCall");
            ExpectEof();
            return new MethodCall(name, parameters);
        }

        public XmlRpcValue ValueDocument()
        {
            var v = Value(0);
            ExpectEof();
            return v;
        }

        private XmlRpcValue Value(int depth)
        {
            var open = ExpectStart("value");
            if (open.SelfClosing) return new XmlRpcString("");
            var t = scanner.Next();
            if (t.Kind == XmlTokenKind.End && t.Name == "value") return new XmlRpcString("");
            if (t.Kind == XmlTokenKind.Text)
            {
                if (scanner.Peek() is { Kind: XmlTokenKind.End, Name: "value" }) { scanner.Next(); return new XmlRpcString(t.Text); }
                if (!IsSpace(t.Text)) throw Fail("text mixed with a typed value", t);
                t = scanner.Next();
            }
            if (t.Kind != XmlTokenKind.Start) throw Fail("expected a type element in <value>", t);
            var value = Typed(t, depth);
            ExpectEnd("value");
            return value;
        }

        private XmlRpcValue Typed(XmlToken open, int depth)
        {
            switch (open.Name)
            {
                case "int" or "i4" or "i8":
                {
                    var s = TextOf(open).Trim();
                    if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                        throw Fail($"bad integer '{Clip(s)}'", open);
                    return new XmlRpcInt(i);
                }
                case "boolean":
                {
                    var s = TextOf(open).Trim();
                    return s switch
                    {
                        "1" => XmlRpcBool.True,
                        "0" => XmlRpcBool.False,
                        _ => throw Fail($"bad boolean '{Clip(s)}'", open),
                    };
                }
                case "string":
                    return new XmlRpcString(TextOf(open));
                case "double":
                {
                    var s = TextOf(open).Trim();
                    if (!PythonFloat.TryParse(s, out var d)) throw Fail($"bad double '{Clip(s)}'", open);
                    return new XmlRpcDouble(d);
                }
                case "dateTime.iso8601":
                {
                    var s = TextOf(open).Trim();
                    if (!DateTime.TryParseExact(s, "yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                        throw Fail($"bad dateTime.iso8601 '{Clip(s)}'", open);
                    return new XmlRpcDateTime(dt);
                }
                case "base64":
                {
                    var s = TextOf(open);
                    var compact = new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
                    var buffer = new byte[compact.Length / 4 * 3 + 3];
                    if (!Convert.TryFromBase64String(compact, buffer, out var written)) throw Fail("bad base64", open);
                    return new XmlRpcBase64(buffer[..written]);
                }
                case "nil":
                    if (TextOf(open).Length != 0) throw Fail("<nil> must be empty", open);
                    return XmlRpcNil.Instance;
                case "array":
                    return Array(open, depth + 1);
                case "struct":
                    return Struct(open, depth + 1);
                default:
                    throw Fail($"unknown value type <{Clip(open.Name)}>", open);
            }
        }

        private XmlRpcArray Array(XmlToken open, int depth)
        {
            if (depth > maxDepth) throw Fail($"values nested deeper than {maxDepth}", open);
            var items = new List<XmlRpcValue>();
            if (open.SelfClosing) return new XmlRpcArray(items);
            var data = ExpectStart("data");
            if (!data.SelfClosing)
            {
                while (true)
                {
                    SkipSpace();
                    if (scanner.Peek() is { Kind: XmlTokenKind.End, Name: "data" }) { scanner.Next(); break; }
                    items.Add(Value(depth));
                }
            }
            ExpectEnd("array");
            return new XmlRpcArray(items);
        }

        private XmlRpcStruct Struct(XmlToken open, int depth)
        {
            if (depth > maxDepth) throw Fail($"values nested deeper than {maxDepth}", open);
            var members = new List<KeyValuePair<string, XmlRpcValue>>();
            if (open.SelfClosing) return new XmlRpcStruct(members);
            while (true)
            {
                SkipSpace();
                if (scanner.Peek() is { Kind: XmlTokenKind.End, Name: "struct" }) { scanner.Next(); break; }
                ExpectStart("member", allowEmpty: false);
                var name = TextOf(ExpectStart("name"));
                members.Add(new(name, Value(depth)));
                ExpectEnd("member");
            }
            return new XmlRpcStruct(members);
        }

        /// <summary>The text content of a leaf element whose start tag was just read; consumes its end tag.</summary>
        private string TextOf(XmlToken open)
        {
            if (open.SelfClosing) return "";
            var t = scanner.Next();
            var text = "";
            if (t.Kind == XmlTokenKind.Text) { text = t.Text; t = scanner.Next(); }
            if (t.Kind != XmlTokenKind.End || t.Name != open.Name) throw Fail($"<{open.Name}> may only hold text", t);
            return text;
        }

        private XmlToken ExpectStart(string name, bool allowEmpty = true)
        {
            SkipSpace();
            var t = scanner.Next();
            if (t.Kind != XmlTokenKind.Start || t.Name != name) throw Fail($"expected <{name}>", t);
            if (t.SelfClosing && !allowEmpty) throw Fail($"<{name}/> may not be empty", t);
            return t;
        }

        private void ExpectEnd(string name)
        {
            SkipSpace();
            var t = scanner.Next();
            if (t.Kind != XmlTokenKind.End || t.Name != name) throw Fail($"expected </{name}>", t);
        }

        private void ExpectEof()
        {
            SkipSpace();
            var t = scanner.Next();
            if (t.Kind != XmlTokenKind.Eof) throw Fail("unexpected content after the document", t);
        }

        private void SkipSpace()
        {
            var t = scanner.Peek();
            if (t.Kind == XmlTokenKind.Text && IsSpace(t.Text)) scanner.Next();
        }

        private static bool IsSpace(string s)
        {
            foreach (var c in s)
                if (!XmlScanner.IsSpace(c)) return false;
            return true;
        }

        private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";

        private static XmlRpcSyntaxException Fail(string message, XmlToken at) => new($"{message} at offset {at.Offset}");

        private XmlRpcSyntaxException Fail(string message) => new(message);
    }
}
