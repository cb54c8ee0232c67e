using System.Text;
using Tend.Http;

namespace Tend.UnitTests.Http;

public class ChunkedDecoderTests
{
    private static (List<string> Chunks, int Consumed, bool Done) Decode(string raw, int pieceSize)
    {
        var bytes = Encoding.ASCII.GetBytes(raw);
        var decoder = new ChunkedDecoder();
        var chunks = new List<string>();
        var consumed = 0;
        for (var i = 0; i < bytes.Length && !decoder.IsDone; i += pieceSize)
        {
            var piece = bytes.AsSpan(i, Math.Min(pieceSize, bytes.Length - i));
            var n = decoder.Feed(piece, c => chunks.Add(Encoding.ASCII.GetString(c)));
            consumed += n;
            if (n < piece.Length) break;
        }
        return (chunks, consumed, decoder.IsDone);
    }

    [Theory(Timeout = 5000)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public Task Feed_AnySplit_GivesWholeChunksInOrder(int pieceSize)
    {
        const string body = "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nNEXT";
        var (chunks, consumed, done) = Decode(body, pieceSize);
        Assert.True(done);
        Assert.Equal(["hello", " ", "0123456789"], chunks);
        Assert.Equal(body.IndexOf("NEXT", StringComparison.Ordinal), consumed);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Feed_UnfinishedBody_IsNotDone()
    {
        var (chunks, _, done) = Decode("3\r\nabc\r\n4\r\nde", 100);
        Assert.False(done);
        Assert.Equal(["abc"], chunks);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("g\r\nabc\r\n")]
    [InlineData("\r\nabc\r\n")]
    [InlineData("3\nabc\r\n")]
    [InlineData("3\r\nabcd\r\n")]
    [InlineData("-3\r\nabc\r\n")]
    [InlineData("FFFFFFFFFFFF\r\n")]
    public Task Feed_Malformed_Throws(string raw)
    {
        Assert.Throws<FormatException>(() => Decode(raw, 100));
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Feed_ChunkOverTheLimit_Throws()
    {
        var decoder = new ChunkedDecoder(maxChunkBytes: 16);
        Assert.Throws<FormatException>(() => decoder.Feed("11\r\n"u8, _ => { }));
        return Task.CompletedTask;
    }
}
