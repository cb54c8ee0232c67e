using System.Text;

namespace Tend.Config.Supervisord;

/// <summary>
/// Splits a supervisord <c>command=</c> into argv as supervisord does (Python's shlex.split, POSIX
/// mode): whitespace separates words; single quotes are literal; inside double quotes a backslash
/// escapes only '"' and '\'; outside quotes it escapes any character. No shell runs, so pipes and
/// redirections are plain arguments; <see cref="ShellOperators"/> lets the reader warn about them.
/// </summary>
internal static class CommandSplitter
{
    public static readonly IReadOnlySet<string> ShellOperators =
        new HashSet<string>(["|", "||", "&&", ";", ">", ">>", "<", "&", "2>&1", "2>"], StringComparer.Ordinal);

    /// <summary>The words, and for each whether it was written without any quoting; null and an error when it cannot be split.</summary>
    public static IReadOnlyList<(string Word, bool Bare)>? Split(string text, out string? error)
    {
        var words = new List<(string, bool)>();
        var word = new StringBuilder();
        bool inWord = false, quoted = false;
        error = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add((word.ToString(), !quoted));
                word.Clear();
                inWord = quoted = false;
            }
            else if (c == '\\')
            {
                if (++i >= text.Length) { error = "the command ends with a lone backslash"; return null; }
                word.Append(text[i]);
                inWord = quoted = true;
            }
            else if (c is '\'' or '"')
            {
                var close = ReadQuoted(text, i, c, word);
                if (close < 0) { error = $"a {(c == '"' ? "double" : "single")} quote is never closed"; return null; }
                i = close;
                inWord = quoted = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add((word.ToString(), !quoted));
        return words;
    }

    /// <summary>Appends the quoted text; returns the index of the closing quote, or -1.</summary>
    private static int ReadQuoted(string text, int open, char quote, StringBuilder word)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote) return i;
            if (quote == '"' && c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                word.Append(text[++i]);
                continue;
            }
            word.Append(c);
        }
        return -1;
    }
}
