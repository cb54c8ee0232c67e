using System.Globalization;
using System.Text;

namespace Tend.Config.Writing;

/// <summary>
/// Prints a <see cref="YamlNode"/> tree as block YAML, two spaces per level. A string is written
/// plain only when every YAML 1.1 and 1.2 reader (PyYAML in docker-compose, Go's yaml in kubectl,
/// our own) reads it back as the same string; otherwise it is double-quoted with escapes. Comments
/// sit on their own lines, their text escaped the same way (<see cref="YamlQuoting"/>). Escaping of
/// interpolation (<c>$</c> in compose) is the caller's job: the writer prints what it is given.
/// </summary>
public static partial class YamlWriter
{
    public static string Write(YamlNode root)
    {
        var sb = new StringBuilder();
        WriteBlock(sb, root, 0);
        return sb.ToString();
    }

    private static void WriteBlock(StringBuilder sb, YamlNode node, int indent)
    {
        switch (node)
        {
            case YamlMap map:
                foreach (var e in map.Entries) WriteEntry(sb, e, indent);
                break;
            case YamlSeq seq:
                foreach (var item in seq.Items) WriteItem(sb, item, indent);
                break;
            case YamlScalar scalar:
                sb.Append(' ', indent).Append(Scalar(scalar)).Append('\n');
                break;
        }
    }

    private static void WriteEntry(StringBuilder sb, YamlMap.Entry e, int indent)
    {
        if (e.Key is null)
        {
            // A comment carries text from the config (paths, commands, environment values): escaped
            // like a quoted value, it stays on its one line whatever that text holds.
            sb.Append(' ', indent).Append(e.Comment!.Length == 0 ? "#" : "# " + YamlQuoting.Comment(e.Comment)).Append('\n');
            return;
        }
        sb.Append(' ', indent).Append(e.KeyAsIs ? e.Key : Key(e.Key)).Append(':');
        WriteValueAfterKey(sb, e.Value!, e.Trailing, indent);
    }

    /// <summary>
    /// After "key:" — a scalar or empty collection on the same line, else the block below; a
    /// trailing comment ends the key's line either way.
    /// </summary>
    private static void WriteValueAfterKey(StringBuilder sb, YamlNode value, string? trailing, int indent)
    {
        var inline = Inline(value);
        if (inline is not null) sb.Append(' ').Append(inline);
        if (trailing is not null) sb.Append("  # ").Append(YamlQuoting.Comment(trailing));
        sb.Append('\n');
        if (inline is not null) return;
        // A sequence under a key is indented like a mapping would be: both styles are valid, this one reads better.
        WriteBlock(sb, value, indent + 2);
    }

    private static void WriteItem(StringBuilder sb, YamlNode item, int indent)
    {
        if (Inline(item) is { } inline)
        {
            sb.Append(' ', indent).Append("- ").Append(inline).Append('\n');
            return;
        }
        // "- " then the block's first line on the same line, the rest indented under it.
        var inner = new StringBuilder();
        WriteBlock(inner, item, indent + 2);
        var text = inner.ToString();
        sb.Append(' ', indent).Append("- ").Append(text.AsSpan(indent + 2));
    }

    /// <summary>The one-line form of a node, or null when it needs a block.</summary>
    private static string? Inline(YamlNode node) => node switch
    {
        YamlScalar s => Scalar(s),
        YamlMap { IsEmpty: true } => "{}",
        YamlSeq { Items.Count: 0 } => "[]",
        YamlSeq { Flow: true } seq when seq.Items.All(i => i is YamlScalar) =>
            "[" + string.Join(", ", seq.Items.Select(i => Scalar((YamlScalar)i))) + "]",
        _ => null,
    };

    private static string Key(string key) => IsSafePlain(key) ? key : Quote(key);

    private static string Scalar(YamlScalar s) => s.How switch
    {
        YamlScalar.Style.AsIs => s.Text,
        YamlScalar.Style.String when IsSafePlain(s.Text) => s.Text,
        _ => Quote(s.Text),
    };

    /// <summary>
    /// Words that YAML 1.1 reads as booleans or null (PyYAML does); any of them, in any case, is quoted.
    /// </summary>
    private static readonly HashSet<string> Special = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    /// <summary>
    /// Plain only for the unambiguous: starts with a letter, '/' or '_', continues with letters,
    /// digits and <c>_ . / -</c>, is no special word. Everything else (digits first, spaces, ':', '#',
    /// quotes, '$', '*', '&amp;', '!', '%', '@', '{', '[', ...) is quoted.
    /// </summary>
    internal static bool IsSafePlain(string s) => IsDuration(s) || s.Length > 0
        && (char.IsAsciiLetter(s[0]) || s[0] is '/' or '_')
        && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-')
        && !Special.Contains(s);

    /// <summary>
    /// "10s", "1m30s", "500ms": no YAML reader types a number followed by one of these units, and
    /// durations are common enough in compose files to be worth writing plain.
    /// </summary>
    private static bool IsDuration(string s) => DurationPattern().IsMatch(s);

    [System.Text.RegularExpressions.GeneratedRegex("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")]
    private static partial System.Text.RegularExpressions.Regex DurationPattern();

    /// <summary>A YAML double-quoted scalar: '"', '\', control characters and line breaks escaped (the quoting `tend check` uses, without its '${' guard).</summary>
    internal static string Quote(string text) => YamlQuoting.Quote(text);
}
