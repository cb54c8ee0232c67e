using System.Text;
using Tend.Logging;
using Tend.Logging.History;

namespace Tend.UnitTests.Logging;

/// <summary>The in-memory history behind `tend ctl logs`: what is kept, in what order, and what a follower sees.</summary>
public class LogHistoryTests
{
    private static string Show(IEnumerable<LogLine> lines) =>
        string.Join("\n", lines.Select(l => $"{l.Program}{(l.Stream == LogStream.Stdout ? "|" : "!")}{Encoding.UTF8.GetString(l.Text)}"));

    [Fact]
    public void Tail_InterleavesStreamsAndProgramsInTheOrderTheyWereWritten()
    {
        var history = new LogHistory();
        history.Append("web", LogStream.Stdout, "one\n"u8);
        history.Append("web", LogStream.Stderr, "oops\n"u8);
        history.Append("db", LogStream.Stdout, "ready\n"u8);
        history.Append("web", LogStream.Stdout, "two\n"u8);
        Assert.Equal("web|one\nweb!oops\ndb|ready\nweb|two", Show(history.Tail(null).Lines));
        Assert.Equal("web!oops\nweb|two", Show(history.Tail(null, ["web"]).Lines.TakeLast(2)));
        Assert.Equal("web|two", Show(history.Tail(1).Lines));
    }

    [Fact]
    public void Tail_JoinsALineWrittenInPiecesAndLeavesTheUnfinishedOneToTheFollower()
    {
        var history = new LogHistory();
        history.Append("web", LogStream.Stdout, "hel"u8);
        history.Append("web", LogStream.Stderr, "err\n"u8);
        history.Append("web", LogStream.Stdout, "lo\nwor"u8);
        var (lines, assembler, sequence) = history.Tail(null);
        Assert.Equal("web!err\nweb|hello", Show(lines));
        history.Append("web", LogStream.Stdout, "ld\n"u8);
        var more = new List<LogLine>();
        foreach (var chunk in history.ChunksAfter(sequence, null, out _)) assembler.Feed(chunk, more.Add);
        Assert.Equal("web|world", Show(more));
    }

    [Fact]
    public void Ring_KeepsOnlyTheNewestBytesAndDropsAHalfLineAtItsStart()
    {
        var history = new LogHistory(bytesPerProgram: 64);
        for (var i = 0; i < 100; i++) history.Append("web", LogStream.Stdout, Encoding.ASCII.GetBytes($"line {i:D3}\n"));
        var lines = history.Tail(null).Lines.Select(l => Encoding.ASCII.GetString(l.Text)).ToList();
        Assert.Equal("line 099", lines[^1]);
        Assert.All(lines, l => Assert.Matches("^line \\d{3}$", l));
        Assert.True(lines.Count is > 0 and <= 8, $"{lines.Count} lines kept in 64 bytes");
        for (var i = 1; i < lines.Count; i++) Assert.Equal(int.Parse(lines[i - 1][5..]) + 1, int.Parse(lines[i][5..]));

        // One write larger than the ring: its end is kept, cut at a line boundary.
        history.Append("web", LogStream.Stdout, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"big {i:D4}\n"))));
        var after = history.Tail(null).Lines.Select(l => Encoding.ASCII.GetString(l.Text)).ToList();
        Assert.Equal("big 0049", after[^1]);
        Assert.All(after, l => Assert.Matches("^big \\d{4}$", l));
    }

    [Fact]
    public void StreamTail_CountsEverythingWrittenAndKeepsTheEnd()
    {
        var history = new LogHistory(bytesPerProgram: 16);
        history.Append("web", LogStream.Stdout, "0123456789"u8);
        history.Append("web", LogStream.Stderr, "e\n"u8);
        history.Append("web", LogStream.Stdout, "abcdefghij"u8);
        var (written, kept, _) = history.StreamTail("web", LogStream.Stdout);
        Assert.Equal(20, written);
        Assert.Equal("abcdefghij", Encoding.ASCII.GetString(kept));
        Assert.Equal((0L, 0), (history.StreamTail("nobody", LogStream.Stdout).Written, history.StreamTail("nobody", LogStream.Stdout).Kept.Length));
    }

    [Fact]
    public async Task WaitForMore_WakesOnAppendAndEndsOnClose()
    {
        var history = new LogHistory();
        var start = history.Sequence;
        var waiter = Task.Run(() => history.WaitForMore(start, TimeSpan.FromSeconds(30)));
        while (!waiter.IsCompleted)
        {
            history.Append("web", LogStream.Stdout, "x\n"u8);
            await Task.WhenAny(waiter, Task.Delay(50));
        }
        Assert.True(await waiter);
        history.Close();
        Assert.False(history.WaitForMore(history.Sequence, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Assembler_CutsOverlongLines()
    {
        var assembler = new LineAssembler(maxLineBytes: 4);
        var lines = new List<LogLine>();
        assembler.Feed(new LogChunk("p", LogStream.Stdout, 1, 0, true, "abcdefghij\nxy\n"u8.ToArray()), lines.Add);
        Assert.Equal("p|abcd\np|efgh\np|ij\np|xy", Show(lines));
    }
}
