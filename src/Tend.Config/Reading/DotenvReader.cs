using System.Text;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads one dotenv file, the format docker compose's <c>env_file</c> takes: <c>NAME=value</c> per
/// line, blank lines and <c># comments</c> ignored, an optional <c>export </c> before the name,
/// values unquoted (trimmed, a <c> #</c> starts a comment), <c>'single'</c> (literal) or
/// <c>"double"</c> (\n, \t, \", \\ escapes, <c>${VAR}</c> expanded as in tend.yaml). A bare
/// <c>NAME</c> takes its value from Tend's environment, as in <c>environment:</c>. Every problem is
/// located at the file's own line, since that is the file the user has to fix.
/// </summary>
internal static class DotenvReader
{
    private const string ExpectedLine = "expected NAME=value, a comment starting with '#', or a blank line";

    /// <summary>The variables of <paramref name="text"/>, read from <paramref name="path"/>, in file order (a later line wins).</summary>
    public static void Read(ReadContext ctx, string text, string path, Dictionary<string, string> into)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = new SourceLocation(path, i + 1, 1);
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();

            var eq = line.IndexOf('=');
            var name = (eq < 0 ? line : line[..eq]).TrimEnd();
            if (!ValidName(name))
            {
                ctx.Error(at, $"invalid line in env file: '{Shorten(lines[i].TrimEnd('\r'))}'",
                    ExpectedLine + "; a NAME is letters, digits and '_', not starting with a digit");
                continue;
            }
            if (eq < 0)
            {
                if (ctx.Environment.TryGetValue(name, out var inherited)) into[name] = inherited;
                continue;
            }
            if (Value(ctx, line[(eq + 1)..].TrimStart(), at) is { } value)
            {
                if (value.Contains('\0')) ctx.Error(at, $"the value of '{name}' contains a NUL character", "environment values cannot contain \\0");
                else into[name] = value;
            }
        }
    }

    private static string? Value(ReadContext ctx, string raw, SourceLocation at)
    {
        if (raw.Length == 0) return "";
        var quote = raw[0];
        if (quote is '\'' or '"')
        {
            var end = ClosingQuote(raw, quote);
            if (end < 0)
            {
                ctx.Error(at, $"the value starting with {quote} has no closing {quote}", $"close the quote on the same line, e.g. NAME={quote}value{quote}");
                return null;
            }
            var rest = raw[(end + 1)..].Trim();
            if (rest.Length > 0 && rest[0] != '#')
            {
                ctx.Error(at, $"unexpected text after the closing quote: '{Shorten(rest)}'", "put a comment after '#', or move the text inside the quotes");
                return null;
            }
            var inner = raw[1..end];
            return quote == '\'' ? inner : ctx.Expand(Unescape(inner), at);
        }
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        var unquoted = (comment < 0 ? raw : raw[..comment]).Trim();
        return ctx.Expand(unquoted, at);
    }

    private static int ClosingQuote(string raw, char quote)
    {
        for (var i = 1; i < raw.Length; i++)
        {
            if (quote == '"' && raw[i] == '\\') { i++; continue; }
            if (raw[i] == quote) return i;
        }
        return -1;
    }

    private static string Unescape(string inner)
    {
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '\\' || i + 1 == inner.Length) { sb.Append(inner[i]); continue; }
            var next = inner[++i];
            sb.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => next });
        }
        return sb.ToString();
    }

    private static bool ValidName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
