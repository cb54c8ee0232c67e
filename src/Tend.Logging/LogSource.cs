using System.Text;

namespace Tend.Logging;

/// <summary>
/// One pipe being read: a program's stdout or stderr, cut into lines and formatted into the
/// output buffer of the matching stream.
/// </summary>
internal sealed unsafe class LogSource
{
    private readonly LineFormatter _formatter;
    private readonly LineSplitter.LineHandler _onLine;
    private readonly OutputBuffer _output;

    public LogSource(int fd, string program, LogStream stream, byte[] prefix, OutputBuffer output, LineFormatter formatter, int maxLine, StreamCounters counters)
    {
        Counters = counters;
        Fd = fd;
        Program = program;
        Stream = stream;
        PrefixLength = prefix.Length;
        Prefix = Prefixes.Pinned(prefix);
        _output = output;
        _formatter = formatter;
        Splitter = new LineSplitter(maxLine);
        _onLine = line =>
        {
            _formatter.Write(_output, Prefix.AsSpan(0, PrefixLength), Program, Stream, line);
            Counters.LinesField++;
            if (_output.ShouldFlush) _output.Flush();
        };
    }

    public int Fd { get; }
    public StreamCounters Counters { get; }

    /// <summary>The pipe's capacity (see <see cref="PipeGrowth"/>).</summary>
    public int PipeBytes { get; set; } = PipeGrowth.DefaultBytes;

    /// <summary>The capacity it had when attached, which a growth is counted from.</summary>
    public int InitialPipeBytes { get; set; } = PipeGrowth.DefaultBytes;

    /// <summary>Growth was tried (done or refused), or the descriptor is no pipe: not tried again.</summary>
    public bool GrowthTried { get; set; }

    /// <summary>Lines go to the console output buffer; false: only to the file, history and counters.</summary>
    public bool ToConsole { get; init; } = true;

    /// <summary>The log file the raw bytes are also written to, if any.</summary>
    public Files.RotatingLogFile? File { get; init; }

    /// <summary>Each chunk read, for supervisord's PROCESS_LOG events (see <see cref="LogRoute.Events"/>).</summary>
    public Action<byte[]>? Events { get; init; }

    /// <summary>The run's ready_log_line watch, if it has one (see <see cref="LogRoute.Lines"/>).</summary>
    public LineWatch? Lines { get; init; }
    public string Program { get; }
    public LogStream Stream { get; }
    /// <summary>Pinned and padded to a multiple of 32 bytes (the copier reads whole blocks); see <see cref="PrefixLength"/>.</summary>
    public byte[] Prefix { get; }

    public int PrefixLength { get; }
    public LineSplitter Splitter { get; }
    public OutputBuffer Output => _output;

    public void Feed(ReadOnlySpan<byte> data)
    {
        _output.Attribute(Counters);
        Splitter.Feed(data, _onLine);
    }

    /// <summary>End of stream: the partial last line, if any, becomes a line.</summary>
    public void Finish()
    {
        _output.Attribute(Counters);
        Splitter.Flush(_onLine);
    }

    /// <summary>
    /// The text fast path: complete lines are copied behind their prefix in one tight loop
    /// (<see cref="LineCopier"/>); a carried partial line, an over-long line and the trailing
    /// partial line go through the splitter. <paramref name="data"/> must stay pinned meanwhile.
    /// </summary>
    public void FeedDirect(byte* data, int length)
    {
        var span = new ReadOnlySpan<byte>(data, length);
        var pos = 0;
        _output.Attribute(Counters);
        while (pos < length)
        {
            if (Splitter.HasPartial)
            {
                // Finish the carried line first (the splitter emits it, in pieces if too long).
                var nl = span[pos..].IndexOf((byte)'\n');
                if (nl < 0) { Feed(span[pos..]); return; }
                Feed(span.Slice(pos, nl + 1));
                pos += nl + 1;
                continue;
            }
            fixed (byte* prefix = Prefix)
                pos += LineCopier.CopyLines(data + pos, length - pos, prefix, PrefixLength, _output, Splitter.MaxLineBytes, ref Counters.LinesField);
            if (pos >= length) return;
            // An over-long line or the trailing partial line: the splitter carries or cuts it.
            var next = span[pos..].IndexOf((byte)'\n');
            var take = next < 0 ? length - pos : next + 1;
            Feed(span.Slice(pos, take));
            pos += take;
        }
    }
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

    /// <summary>A copy on the pinned heap, padded to whole 32-byte blocks for the line copier.</summary>
    public static byte[] Pinned(byte[] bytes)
    {
        var pinned = GC.AllocateArray<byte>((bytes.Length + 31) / 32 * 32, pinned: true);
        bytes.CopyTo(pinned, 0);
        return pinned;
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }
}
