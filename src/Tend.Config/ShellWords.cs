using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tend.Config;

/// <summary>
/// Splits a command string into argv the way a POSIX shell would, without running one: whitespace
/// separates words, single quotes are literal, double quotes honour only \\ \" \$ \` and
/// backslash-newline, and a backslash outside quotes escapes the next character. Nothing is
/// expanded or globbed. Shell operators are refused rather than passed as arguments, because
/// <c>app | tee log</c> silently giving <c>app</c> three extra arguments is never what was meant.
/// </summary>
public static class ShellWords
{
    private static readonly HashSet<string> Operators =
        new(["|", "||", "&&", ";", ">", ">>", "<", "&", "<<", "|&", "&>", "2>", "2>>", "2>&1"], StringComparer.Ordinal);

    /// <summary>The words of <paramref name="text"/>; throws <see cref="FormatException"/> when it cannot be split.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        TrySplit(text, out var words, out var error) ? words : throw new FormatException($"{error.Message} ({error.Hint})");

    /// <summary>The words of <paramref name="text"/>, or an error saying why it cannot be split.</summary>
    public static bool TrySplit(string text, out IReadOnlyList<string> words, [NotNullWhen(false)] out ShellWordsError? error)
    {
        var result = new List<string>();
        words = result;
        var word = new StringBuilder();
        var inWord = false;   // an empty quoted string is still a word
        var quoted = false;   // any quoting or escaping makes an operator-looking word literal
        var wordStart = 0;
        var i = 0;

        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord && (error = Finish(word, quoted, wordStart, result)) is not null) return false;
                inWord = quoted = false;
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2; // line continuation: joins, but does not start a word
                continue;
            }
            if (!inWord) { inWord = true; wordStart = i; }

            switch (c)
            {
                case '\\':
                    if (i + 1 == text.Length)
                    {
                        error = new ShellWordsError("the command ends with a backslash", "remove it, or write '\\\\' for a literal backslash", i);
                        return false;
                    }
                    word.Append(text[i + 1]);
                    quoted = true;
                    i += 2;
                    break;
                case '\'':
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        error = new ShellWordsError("unclosed single quote in the command", "add the closing ' (inside single quotes nothing is special)", i);
                        return false;
                    }
                    word.Append(text, i + 1, end - i - 1);
                    quoted = true;
                    i = end + 1;
                    break;
                case '"':
                    var next = ReadDoubleQuoted(text, i, word);
                    if (next < 0)
                    {
                        error = new ShellWordsError("unclosed double quote in the command", "add the closing \" (write \\\" for a quote inside)", i);
                        return false;
                    }
                    quoted = true;
                    i = next;
                    break;
                default:
                    word.Append(c);
                    i++;
                    break;
            }
        }
        error = inWord ? Finish(word, quoted, wordStart, result) : null;
        return error is null;
    }

    /// <summary>Appends the content of the double-quoted string opening at <paramref name="open"/>; returns the index after its closing quote, or -1.</summary>
    private static int ReadDoubleQuoted(string text, int open, StringBuilder word)
    {
        for (var j = open + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '"') return j + 1;
            if (c == '\\' && j + 1 < text.Length && text[j + 1] is '\\' or '"' or '$' or '`' or '\n')
            {
                if (text[j + 1] != '\n') word.Append(text[j + 1]);
                j++;
                continue;
            }
            word.Append(c);
        }
        return -1;
    }

    private static ShellWordsError? Finish(StringBuilder word, bool quoted, int wordStart, List<string> result)
    {
        var text = word.ToString();
        word.Clear();
        if (!quoted && Operators.Contains(text))
        {
            return new ShellWordsError($"the shell operator '{text}' is not supported in a command string",
                "Tend runs the command without a shell; write [\"sh\", \"-c\", \"...\"] to use one, or quote the word to pass it literally", wordStart);
        }
        result.Add(text);
        return null;
    }
}

/// <summary>Why a command string could not be split; Position is the offending character's index.</summary>
public sealed record ShellWordsError(string Message, string Hint, int Position);
