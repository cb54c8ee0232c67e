using System.Text.RegularExpressions;

namespace Tend.Model;

/// <summary>
/// How a <c>ready_log_line</c> is compiled, in one place for the reader (which reports a bad one
/// at load) and the supervisor (which matches with it). Interpreted, never compiled to IL: NativeAOT
/// has no JIT, and a pattern is matched only until its first hit in each run. The match timeout
/// bounds what a pathological pattern can cost the log thread on one line.
/// </summary>
public static class ReadyLogLinePattern
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>
    /// Null when the pattern compiles; otherwise what is wrong with it and where. Built from the
    /// parse error's kind and offset, not the exception's message: the AOT binary strips resource
    /// strings (UseSystemResourceKeys), so the message would be a resource key.
    /// </summary>
    public static string? Error(string pattern)
    {
        try
        {
            Compile(pattern);
            return null;
        }
        catch (RegexParseException e)
        {
            return $"{Words(e.Error.ToString())} at offset {e.Offset}";
        }
        catch (ArgumentException)
        {
            return "not a valid pattern";
        }
    }

    /// <summary>"InsufficientClosingParentheses" to "insufficient closing parentheses".</summary>
    private static string Words(string name)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
