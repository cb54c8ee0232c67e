using System.Globalization;
using System.Text;

namespace Tend.Config;

/// <summary>
/// The one way any text of a user's config becomes YAML characters, in a value or in a comment.
/// YAML readers end a line at '\n', '\r', U+0085, U+2028 and U+2029 (YAML 1.1: PyYAML in
/// docker-compose, Go's yaml in kubectl; YamlDotNet), and refuse the characters outside YAML's
/// printable set. A comment is split only on '\n' by whoever builds it, so a '\r' in an environment
/// value once ended a `# tend:` comment and turned the rest of the value into keys of the service
/// (`privileged: true`). Here every line break and every character YAML cannot print raw is written
/// as an escape, and the backslash too, so that the text reads back exactly: between double quotes
/// as a scalar, and in a comment by anyone undoing the same escapes.
/// </summary>
public static class YamlQuoting
{
    /// <summary>A YAML double-quoted scalar reading back as <paramref name="text"/>.</summary>
    public static string Quote(string text) => Escape(new StringBuilder(text.Length + 2).Append('"'), text, escapeQuote: true).Append('"').ToString();

    /// <summary>The text of a `# ...` comment: one line whatever <paramref name="text"/> holds ('"' is left as is: it means nothing there).</summary>
    public static string Comment(string text) => Escape(new StringBuilder(text.Length), text, escapeQuote: false).ToString();

    private static StringBuilder Escape(StringBuilder sb, string text, bool escapeQuote)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            _ = c switch
            {
                '"' when escapeQuote => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                '\r' => sb.Append("\\r"),
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => sb.Append(c).Append(text[++i]),
                _ when NeedsEscape(c) => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }
        return sb;
    }

    /// <summary>
    /// C0 and C1 controls and DEL, the line breaks U+0085 (a C1 control), U+2028 and U+2029, the byte
    /// order mark, the non-characters U+FFFE and U+FFFF, and a surrogate without its pair (no UTF-8
    /// can carry it; it reads back as itself only from the escape).
    /// </summary>
    private static bool NeedsEscape(char c) =>
        c < ' ' || c is >= '\x7f' and <= '\x9f' or '\u2028' or '\u2029' or '\ufeff' or '\ufffe' or '\uffff' || char.IsSurrogate(c);
}
