using System.Text;
using Tend.Logging;

namespace Tend.UnitTests.Logging;

public class LineSplitterTests
{
    private static List<string> Split(int max, params string[] chunks)
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(max);
        foreach (var c in chunks) splitter.Feed(Encoding.UTF8.GetBytes(c), l => lines.Add(Encoding.UTF8.GetString(l)));
        splitter.Flush(l => lines.Add(Encoding.UTF8.GetString(l)));
        return lines;
    }

    [Fact]
    public void Feed_LinesAcrossChunks_AreJoined() =>
        Assert.Equal(["hello world", "second", "third"], Split(100, "hel", "lo wor", "ld\nsec", "ond\nthi", "rd\n"));

    [Fact]
    public void Flush_PartialLastLine_IsEmitted() =>
        Assert.Equal(["a", "no newline"], Split(100, "a\nno new", "line"));

    [Fact]
    public void Feed_EmptyLines_ArePreserved() =>
        Assert.Equal(["", "", "x"], Split(100, "\n\nx\n"));

    [Fact]
    public void Feed_OverlongLine_IsSplitIntoPiecesOfMax() =>
        Assert.Equal(["aaaa", "aaaa", "aa", "b"], Split(4, "aaaaaaaaaa\nb\n"));

    [Fact]
    public void Feed_OverlongLine_NeverCutsAUtf8Character()
    {
        // "é" is 2 bytes: with max 5, "aaaaé" would need 6 bytes, so the piece stops before é.
        var lines = Split(5, "aaaaéé\n");
        Assert.Equal(["aaaa", "éé"], lines);
        Assert.All(lines, l => Assert.DoesNotContain('\uFFFD', l));
    }

    [Fact]
    public void Feed_LineOfExactlyMaxSplitAcrossChunks_IsOneLine() =>
        Assert.Equal(["abcd", "ef"], Split(4, "ab", "cd", "\nef\n"));

    [Fact]
    public void Feed_CarriageReturnAndNul_PassThrough() =>
        Assert.Equal(["a\rb\0c"], Split(100, "a\rb\0c\n"));

    [Fact]
    public void Feed_ManySmallChunks_EqualsOneBigChunk()
    {
        var text = string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i} " + new string('x', i % 37) + "\n"));
        var whole = Split(64, text);
        var bytes = text.Select(c => c.ToString()).ToArray();
        Assert.Equal(whole, Split(64, bytes));
        Assert.Equal(500 + text.Split('\n').Count(l => l.Length > 64), whole.Count);
    }
}
