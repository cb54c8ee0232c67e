using System.Text;
using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Reads one INI file into an <see cref="IniDocument"/> exactly as supervisord's parser does
/// (Python 3 RawConfigParser with inline_comment_prefixes=(';', '#') and strict=False):
/// <list type="bullet">
/// <item>a line whose first non-blank character is ';' or '#' is a comment;</item>
/// <item>';' or '#' starts an inline comment only at the start of a line or after whitespace, so
/// <c>a;b</c> is kept but <c>a ;b</c> is cut, even inside quotes (supervisord's docs warn of it);</item>
/// <item>a line indented deeper than its key's line continues the value (joined with newlines,
/// blank lines kept inside, trailing ones dropped);</item>
/// <item><c>key = value</c> or <c>key: value</c>, split at the first '=' or ':'; keys are lower-cased,
/// section names keep their case.</item>
/// </list>
/// Unlike Python, it does not stop at the first bad line: every problem is reported.
/// </summary>
internal static class IniLexer
{
    private static readonly string[] InlineCommentPrefixes = [";", "#"];

    public static IniDocument Read(string text, string file, DiagnosticBag diagnostics)
    {
        var document = new IniDocument();
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..]; // a BOM would hide the first header
        var lines = text.Split('\n');
        IniSection? section = null;
        PendingValue? pending = null;
        var indentLevel = 0;

        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            var at = new SourceLocation(file, n + 1);
            var commentStart = CommentStart(line);
            var value = (commentStart is { } c ? line[..c] : line).Trim();

            if (value.Length == 0)
            {
                // Python keeps a blank line inside a value, but a comment-only line adds nothing.
                if (commentStart is null) pending?.Lines.Add("");
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (section is not null && pending is not null && indent > indentLevel)
            {
                pending.Lines.Add(value);
                continue;
            }

            Finish(pending, section, diagnostics);
            pending = null;
            indentLevel = indent;

            if (value[0] == '[' && value.LastIndexOf(']') is var close and > 1)
            {
                section = document.GetOrAdd(value[1..close], at, out _);
                continue;
            }
            if (section is null)
            {
                diagnostics.Error(at, "a setting comes before any [section] header",
                    "start the file with a section such as [supervisord] or [program:name]");
                continue;
            }
            pending = ParseOption(value, at, diagnostics);
        }
        Finish(pending, section, diagnostics);
        return document;
    }

    /// <summary>Index where the comment starts, or null; mirrors configparser's two comment rules.</summary>
    internal static int? CommentStart(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith(';') || trimmed.StartsWith('#')) return 0;
        int? start = null;
        foreach (var prefix in InlineCommentPrefixes)
        {
            for (var i = line.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = line.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                if (i == 0 || char.IsWhiteSpace(line[i - 1]))
                {
                    if (start is null || i < start) start = i;
                    break;
                }
            }
        }
        return start;
    }

    /// <summary>The option regex of configparser: the key ends at the first '=' or ':'.</summary>
    private static PendingValue? ParseOption(string value, SourceLocation at, DiagnosticBag diagnostics)
    {
        var separator = value.IndexOfAny(['=', ':']);
        if (separator < 0)
        {
            diagnostics.Error(at, $"cannot read the line '{value}'",
                "write 'key = value' (or 'key: value'), a [section] header, or a comment starting with ';' or '#'");
            return null;
        }
        var key = value[..separator].TrimEnd();
        if (key.Length == 0)
        {
            diagnostics.Error(at, $"the line '{value}' has a value but no key", "write 'key = value'");
            return null;
        }
        return new PendingValue(key.ToLowerInvariant(), at, [value[(separator + 1)..].Trim()]);
    }

    private static void Finish(PendingValue? pending, IniSection? section, DiagnosticBag diagnostics)
    {
        if (pending is null || section is null) return;
        var joined = string.Join('\n', pending.Lines).TrimEnd();
        section.Set(new IniEntry(pending.Key, joined, pending.At), diagnostics);
    }

    private sealed record PendingValue(string Key, SourceLocation At, List<string> Lines);
}
