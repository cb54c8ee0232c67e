using System.Text;

namespace Tend.Supervisord.XmlRpc;

internal enum XmlTokenKind { Start, End, Text, Eof }

internal readonly record struct XmlToken(XmlTokenKind Kind, string Name, string Text, bool SelfClosing, int Offset);

/// <summary>Thrown inside the parser only; <see cref="MethodCallParser"/> turns it into an error result.</summary>
internal sealed class XmlRpcSyntaxException(string message) : Exception(message);

/// <summary>
/// A strict tokenizer for the XML subset XML-RPC uses: elements (attributes are read and ignored),
/// text with the five predefined entities and character references, CDATA, comments, and an XML
/// declaration at the very start. A DOCTYPE is refused outright, so no entity can be defined or
/// expanded and no external resource is ever named. Text follows XML's rules: CR LF and lone CR
/// become LF, and characters XML forbids are refused.
/// </summary>
internal sealed class XmlScanner
{
    private readonly string _s;
    private int _pos;
    private XmlToken? _peeked;

    public XmlScanner(string text)
    {
        _s = text;
        if (_s.Length > 0 && _s[0] == '\uFEFF') _pos = 1;
        SkipDeclaration();
    }

    public XmlToken Peek() => _peeked ??= Read();

    public XmlToken Next()
    {
        var t = Peek();
        _peeked = null;
        return t;
    }

    private XmlToken Read()
    {
        var start = _pos;
        StringBuilder? text = null;
        while (_pos < _s.Length)
        {
            if (_s[_pos] != '<')
            {
                text ??= new StringBuilder();
                ReadCharData(text);
                continue;
            }
            if (At("<!--")) { SkipComment(); continue; }
            if (At("<![CDATA["))
            {
                text ??= new StringBuilder();
                ReadCData(text);
                continue;
            }
            if (At("<!")) throw Fail("a DOCTYPE or other declaration is not allowed");
            if (At("<?")) throw Fail("a processing instruction is only allowed as the XML declaration");
            if (text is not null) break;
            return ReadTag();
        }
        if (text is not null) return new XmlToken(XmlTokenKind.Text, "", text.ToString(), false, start);
        return new XmlToken(XmlTokenKind.Eof, "", "", false, _pos);
    }

    private XmlToken ReadTag()
    {
        var start = _pos;
        _pos++; // '<'
        var end = _pos < _s.Length && _s[_pos] == '/';
        if (end) _pos++;
        var name = ReadName();
        if (end)
        {
            SkipSpace();
            Expect('>');
            return new XmlToken(XmlTokenKind.End, name, "", false, start);
        }
        while (true)
        {
            var hadSpace = SkipSpace();
            if (_pos >= _s.Length) throw Fail("unterminated tag");
            if (_s[_pos] == '>') { _pos++; return new XmlToken(XmlTokenKind.Start, name, "", false, start); }
            if (At("/>")) { _pos += 2; return new XmlToken(XmlTokenKind.Start, name, "", true, start); }
            if (!hadSpace) throw Fail("expected whitespace before an attribute");
            SkipAttribute();
        }
    }

    private void SkipAttribute()
    {
        ReadName();
        SkipSpace();
        Expect('=');
        SkipSpace();
        if (_pos >= _s.Length || (_s[_pos] != '"' && _s[_pos] != '\'')) throw Fail("expected a quoted attribute value");
        var quote = _s[_pos++];
        var close = _s.IndexOf(quote, _pos);
        if (close < 0) throw Fail("unterminated attribute value");
        if (_s.AsSpan(_pos, close - _pos).IndexOf('<') >= 0) throw Fail("'<' in an attribute value");
        _pos = close + 1;
    }

    private string ReadName()
    {
        var start = _pos;
        while (_pos < _s.Length && IsNameChar(_s[_pos], _pos == start)) _pos++;
        if (_pos == start) throw Fail("expected a name");
        return _s[start.._pos];
    }

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || c == ':' || (!first && (char.IsAsciiDigit(c) || c == '.' || c == '-'));

    private void ReadCharData(StringBuilder text)
    {
        while (_pos < _s.Length && _s[_pos] != '<')
        {
            var c = _s[_pos];
            if (c == '&') { ReadReference(text); continue; }
            if (c == '>' && At("]]>")) throw Fail("']]>' in text");
            _pos++;
            if (c == '\r')
            {
                if (_pos < _s.Length && _s[_pos] == '\n') _pos++;
                text.Append('\n');
                continue;
            }
            CheckChar(c);
            text.Append(c);
        }
    }

    private void ReadCData(StringBuilder text)
    {
        _pos += "<![CDATA[".Length;
        var close = _s.IndexOf("]]>", _pos, StringComparison.Ordinal);
        if (close < 0) throw Fail("unterminated CDATA section");
        for (; _pos < close; _pos++)
        {
            var c = _s[_pos];
            if (c == '\r')
            {
                if (_pos + 1 < close && _s[_pos + 1] == '\n') _pos++;
                text.Append('\n');
                continue;
            }
            CheckChar(c);
            text.Append(c);
        }
        _pos = close + 3;
    }

    private void ReadReference(StringBuilder text)
    {
        var semi = _s.IndexOf(';', _pos);
        if (semi < 0 || semi - _pos > 12) throw Fail("unterminated entity reference");
        var name = _s.AsSpan(_pos + 1, semi - _pos - 1);
        _pos = semi + 1;
        switch (name)
        {
            case "lt": text.Append('<'); return;
            case "gt": text.Append('>'); return;
            case "amp": text.Append('&'); return;
            case "quot": text.Append('"'); return;
            case "apos": text.Append('\''); return;
        }
        if (name.Length < 2 || name[0] != '#') throw Fail($"unknown entity '&{name};'");
        var hex = name[1] == 'x';
        var digits = hex ? name[2..] : name[1..];
        var code = 0;
        var ok = digits.Length > 0 && (hex
            ? int.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, null, out code)
            : int.TryParse(digits, System.Globalization.NumberStyles.None, null, out code));
        if (!ok || !IsXmlChar(code)) throw Fail($"invalid character reference '&{name};'");
        text.Append(char.ConvertFromUtf32(code));
    }

    private void CheckChar(char c)
    {
        // Surrogates arrive in pairs: the UTF-8 decoder refused anything else.
        if (c < 0x20 ? c is not ('\t' or '\n') : c is '\uFFFE' or '\uFFFF')
            throw Fail($"character U+{(int)c:X4} is not allowed in XML");
    }

    private static bool IsXmlChar(int c) =>
        c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    private void SkipComment()
    {
        var close = _s.IndexOf("-->", _pos + 4, StringComparison.Ordinal);
        if (close < 0) throw Fail("unterminated comment");
        _pos = close + 3;
    }

    private void SkipDeclaration()
    {
        if (!At("<?xml") || _pos + 5 >= _s.Length || !IsSpace(_s[_pos + 5])) return;
        var close = _s.IndexOf("?>", _pos, StringComparison.Ordinal);
        if (close < 0) throw Fail("unterminated XML declaration");
        var decl = _s[_pos..close];
        var enc = decl.IndexOf("encoding", StringComparison.Ordinal);
        if (enc >= 0)
        {
            // The body was decoded as UTF-8; a declaration naming another encoding would be a lie we cannot honour.
            var value = decl[(enc + "encoding".Length)..].TrimStart(' ', '\t', '\r', '\n', '=').Trim();
            var name = value.Length > 1 ? value[1..].Split(value[0])[0] : "";
            if (!name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("ascii", StringComparison.OrdinalIgnoreCase) && !name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                throw Fail($"unsupported encoding '{name}'");
        }
        _pos = close + 2;
    }

    private bool SkipSpace()
    {
        var start = _pos;
        while (_pos < _s.Length && IsSpace(_s[_pos])) _pos++;
        return _pos > start;
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private void Expect(char c)
    {
        if (_pos >= _s.Length || _s[_pos] != c) throw Fail($"expected '{c}'");
        _pos++;
    }

    private bool At(string literal) => string.CompareOrdinal(_s, _pos, literal, 0, literal.Length) == 0;

    private XmlRpcSyntaxException Fail(string message) => new($"{message} at offset {_pos}");
}
