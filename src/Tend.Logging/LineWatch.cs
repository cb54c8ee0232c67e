using System.Text;
using System.Text.RegularExpressions;

namespace Tend.Logging;

/// <summary>
/// Watches one run of a program's output for the first whole line a pattern matches (tend.yaml's
/// <c>ready_log_line</c>), then stops looking. Fed on the log thread with the raw chunks, whatever
/// the route (console, file, neither), each stream cut into lines by a splitter of its own so a
/// stdout line and a stderr line are never glued. Only programs with the key have one, and after
/// the match the log path skips it: nobody else pays for matching. The match callback runs on
/// the log thread: it must only post to the supervision loop.
/// </summary>
public sealed class LineWatch(Regex pattern, Action onMatch)
{
    /// <summary>A line longer than this is matched in pieces, as the console shows it.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private readonly LineSplitter?[] _splitters = new LineSplitter?[2];
    private char[]? _chars;

    /// <summary>A line has matched: nothing more is looked at in this run.</summary>
    public bool Matched { get; private set; }

    public void Feed(LogStream stream, ReadOnlySpan<byte> data)
    {
        if (Matched) return;
        var index = stream == LogStream.Stderr ? 1 : 0;
        var splitter = _splitters[index] ??= new LineSplitter(MaxLineBytes);
        splitter.Feed(data, OnLine);
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (Matched) return;
        _chars ??= new char[MaxLineBytes];
        var n = Encoding.UTF8.GetChars(line, _chars);
        if (line.Length > 0 && line[^1] == (byte)'\r') n = Math.Max(0, n - 1); // a CRLF line matches as its text
        bool hit;
        try
        {
            hit = pattern.IsMatch(_chars.AsSpan(0, n));
        }
        catch (RegexMatchTimeoutException)
        {
            hit = false; // a pathological pattern costs at most its timeout per line, never the log thread
        }
        if (!hit) return;
        Matched = true;
        onMatch();
    }
}
