using System.Text;

namespace Tend.Config.Supervisord;

/// <summary>
/// Parses supervisord's <c>environment=KEY="val",KEY2=val2</c>. supervisord tokenizes it with
/// Python's non-POSIX shlex, whose words are letters, digits and <c>_/.+-():</c>; any other
/// character is a token of its own, so an unquoted <c>a@b</c> or <c>x=1</c> value breaks the
/// pairs. Quoted values may hold anything (commas included) and lose their outer quotes; no
/// escapes are processed. Same rules here, so a file means the same thing under both.
/// </summary>
internal static class EnvironmentPairs
{
    public const string Hint = "write KEY=value pairs separated by commas, e.g. A=\"1\",B=\"two words\"; "
        + "quote a value that contains characters other than letters, digits and _/.+-():";

    private const string WordChars = "_/.+-():";

    public static Dictionary<string, string>? Parse(string text, out string? error)
    {
        var tokens = Tokenize(text, out error);
        if (tokens is null) return null;
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i += 4)
        {
            if (i + 2 >= tokens.Count || tokens[i + 1] != "=")
            {
                error = $"unexpected end of key/value pairs at '{string.Join("", tokens.Skip(i))}'";
                return null;
            }
            // supervisord skips the fourth token whatever it is; requiring the comma catches "A=1 B=2".
            if (i + 3 < tokens.Count && tokens[i + 3] != ",")
            {
                error = $"expected ',' after {tokens[i]}={tokens[i + 2]}, found '{tokens[i + 3]}'";
                return null;
            }
            pairs[tokens[i]] = tokens[i + 2].Trim('\'', '"');
        }
        return pairs;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || WordChars.Contains(c);

    /// <summary>shlex in non-POSIX mode: words, quoted strings (quotes kept), '#' comments, single-character tokens.</summary>
    internal static List<string>? Tokenize(string text, out string? error)
    {
        var tokens = new List<string>();
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') { i = SkipLine(text, i); continue; }
            if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0) { error = "a quote is never closed"; return null; }
                tokens.Add(text[i..(close + 1)]);
                i = close + 1;
                continue;
            }
            if (!IsWordChar(c)) { tokens.Add(c.ToString()); i++; continue; }

            // A word goes on through word characters and quotes, so a"b c"d stays one token.
            var word = new StringBuilder();
            while (i < text.Length)
            {
                c = text[i];
                if (IsWordChar(c) || c is '\'' or '"') { word.Append(c); i++; }
                else if (c == '#') i = SkipLine(text, i);
                else break;
            }
            tokens.Add(word.ToString());
        }
        return tokens;
    }

    private static int SkipLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end + 1;
    }
}
