using System.Text;
using Tend.Logging;

namespace Tend.UnitTests.Logging;

/// <summary>
/// The text fast path (LineCopier behind LogSource.FeedDirect) against a plain model of what it
/// must produce: every line, whole, behind its prefix, whatever the chunking.
/// </summary>
public unsafe class LogSourceTests
{
    private static string Forward(string prefix, int maxLine, IEnumerable<byte[]> chunks) => Forward(prefix, maxLine, chunks, out _);

    private static string Forward(string prefix, int maxLine, IEnumerable<byte[]> chunks, out long linesCounted)
    {
        // A regular file as Tend's stdout: writes never block, and we read it all back at the end.
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenHandle(path, FileMode.Truncate, FileAccess.Write))
            {
                var output = new OutputBuffer(OutputBuffer.WriterFor((int)file.DangerousGetHandle(), 4 << 20, "stdout"), "stdout");
                var counters = new StreamCounters();
                var source = new LogSource(-1, "p", LogStream.Stdout, Encoding.UTF8.GetBytes(prefix), output, new TextFormatter(), maxLine, counters);
                foreach (var chunk in chunks)
                {
                    // The mux's read buffer has slack after the data; so does this copy.
                    var pinned = GC.AllocateArray<byte>(chunk.Length + LineCopier.SourceSlack, pinned: true);
                    chunk.CopyTo(pinned, 0);
                    fixed (byte* p = pinned) source.FeedDirect(p, chunk.Length);
                }
                source.Finish();
                output.Drain(TimeSpan.FromSeconds(10));
                output.Close();
                linesCounted = counters.Lines;
            }
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The model: split at newlines, cut over-long lines into pieces, prefix each.</summary>
    private static string Model(string prefix, int maxLine, string text)
    {
        var sb = new StringBuilder();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i == lines.Length - 1 && line.Length == 0) break; // text ended with a newline
            while (line.Length > maxLine) { sb.Append(prefix).Append(line[..maxLine]).Append('\n'); line = line[maxLine..]; }
            sb.Append(prefix).Append(line).Append('\n');
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData("", 64)]
    [InlineData("web | ", 64)]
    [InlineData("a-rather-long-program-name-padded-out | ", 64)]
    [InlineData("x | ", 7)]
    public void FeedDirect_RandomLinesAndChunking_MatchesTheModel(string prefix, int maxLine)
    {
        var random = new Random(42);
        for (var round = 0; round < 50; round++)
        {
            var sb = new StringBuilder();
            var lines = random.Next(0, 200);
            for (var i = 0; i < lines; i++)
            {
                var len = random.Next(0, 3) == 0 ? random.Next(0, 150) : random.Next(0, 20);
                for (var j = 0; j < len; j++) sb.Append((char)('a' + random.Next(26)));
                sb.Append('\n');
            }
            if (random.Next(2) == 0) sb.Append("partial");
            var text = sb.ToString();
            var bytes = Encoding.ASCII.GetBytes(text);
            var chunks = new List<byte[]>();
            for (var pos = 0; pos < bytes.Length;)
            {
                var size = Math.Min(bytes.Length - pos, random.Next(1, 300));
                chunks.Add(bytes[pos..(pos + size)]);
                pos += size;
            }
            var model = Model(prefix, maxLine, text);
            Assert.Equal(model, Forward(prefix, maxLine, chunks, out var counted));
            Assert.Equal(model.Count(c => c == '\n'), counted); // fast path and splitter both count
        }
    }

    [Fact]
    public void FeedDirect_OneChunkOfManyShortLines_KeepsEveryLine()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i:D10} {new string('x', 88)}\n"));
        Assert.Equal(Model("p1   | ", 16384, text), Forward("p1   | ", 16384, [Encoding.ASCII.GetBytes(text)]));
    }
}
