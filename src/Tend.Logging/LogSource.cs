using System.Text;

namespace Tend.Logging;

/// <summary>One pipe being read: a program's stdout or stderr.</summary>
internal sealed class LogSource
{
    private readonly LineFormatter _formatter;
    private readonly LineSplitter.LineHandler _onLine;
    private readonly OutputBuffer _output;

    public LogSource(int fd, string program, LogStream stream, byte[] prefix, OutputBuffer output, LineFormatter formatter, int maxLine)
    {
        Fd = fd;
        Program = program;
        Stream = stream;
        Prefix = prefix;
        _output = output;
        _formatter = formatter;
        Splitter = new LineSplitter(maxLine);
        _onLine = line =>
        {
            _formatter.Write(_output, Prefix, Program, Stream, line);
            if (_output.ShouldFlush) _output.Flush();
        };
    }

    public int Fd { get; }
    public string Program { get; }
    public LogStream Stream { get; }
    public byte[] Prefix { get; set; }
    public LineSplitter Splitter { get; }
    public OutputBuffer Output => _output;

    public void Feed(ReadOnlySpan<byte> data) => Splitter.Feed(data, _onLine);

    public void Finish() => Splitter.Flush(_onLine);
}

/// <summary>Builds the "name | " prefixes, padded to the widest name and coloured on a terminal.</summary>
internal static class Prefixes
{
    // Bright, readable on dark and light backgrounds; Tend's own lines are dim.
    private static readonly string[] Palette = ["36", "33", "32", "35", "34", "91", "96", "93", "92", "95", "94"];

    public static byte[] For(string name, int width, bool color, bool self, bool enabled)
    {
        if (!enabled) return [];
        var padded = name.PadRight(width);
        if (!color) return Encoding.UTF8.GetBytes(padded + " | ");
        var code = self ? "2" : Palette[(int)(StableHash(name) % (uint)Palette.Length)];
        return Encoding.UTF8.GetBytes($"\u001b[{code}m{padded} |\u001b[0m ");
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }
}
