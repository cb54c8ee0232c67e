using System.Text;
using Tend.Http;

namespace Tend.UnitTests.Http;

/// <summary>The pure parser on byte arrays: what it accepts, and the status of every refusal.</summary>
public class HttpRequestParserTests
{
    private static readonly HttpLimits Limits = new() { MaxHeaderBytes = 1024, MaxBodyBytes = 100 };

    private static RequestParseResult Parse(string raw, HttpLimits? limits = null) =>
        HttpRequestParser.Parse(Encoding.Latin1.GetBytes(raw), limits ?? Limits);

    private static HttpRequest Accepted(string raw)
    {
        var result = Parse(raw);
        Assert.True(result.Status == ParseStatus.Complete, $"expected a request, got {result.Status} {result.Error}");
        return result.Request!;
    }

    private static void Refused(string raw, int status, HttpLimits? limits = null)
    {
        var result = Parse(raw, limits);
        Assert.True(result.Status == ParseStatus.Error, $"expected {status}, got {result.Status}");
        Assert.Equal(status, result.Error!.Status);
    }

    [Fact(Timeout = 5000)]
    public Task Parse_SimpleGet_ReadsMethodPathAndHeaders()
    {
        var raw = "GET /programs/web HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n";
        var result = Parse(raw);
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(raw.Length, result.Consumed);
        Assert.True(result.KeepAlive);
        var request = result.Request!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/programs/web", request.Path);
        Assert.Empty(request.Query);
        Assert.Empty(request.Body);
        Assert.Equal("test", request.Headers["user-agent"]); // names match case-insensitively
        Assert.Null(request.Peer);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_PostWithBody_ConsumesExactlyHeadAndBody()
    {
        var raw = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /next";
        var result = Parse(raw);
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal("hello", Encoding.ASCII.GetString(result.Request!.Body));
        Assert.Equal(raw.IndexOf("GET /next", StringComparison.Ordinal), result.Consumed);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("GET / HTTP/1.1\r\nHost: a")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r")]
    [InlineData("GET / HT")]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhell")]
    public Task Parse_Incomplete_NeedsMore(string raw)
    {
        Assert.Equal(ParseStatus.NeedMore, Parse(raw).Status);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_LeadingEmptyLines_AreSkipped()
    {
        var raw = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
        var result = Parse(raw);
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(raw.Length, result.Consumed);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("HTTP/1.1", "", true)]
    [InlineData("HTTP/1.1", "Connection: close\r\n", false)]
    [InlineData("HTTP/1.1", "Connection: keep-alive, Close\r\n", false)]
    [InlineData("HTTP/1.0", "", false)]
    [InlineData("HTTP/1.0", "Connection: Keep-Alive\r\n", true)]
    public Task Parse_Connection_DecidesKeepAlive(string version, string header, bool keepAlive)
    {
        var result = Parse($"GET / {version}\r\nHost: a\r\n{header}\r\n");
        Assert.Equal(ParseStatus.Complete, result.Status);
        Assert.Equal(keepAlive, result.KeepAlive);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_Http10WithoutHost_IsAccepted()
    {
        Assert.Equal("/", Accepted("GET / HTTP/1.0\r\n\r\n").Path);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_RepeatedHeaders_AreJoinedAndValuesTrimmed()
    {
        var request = Accepted("GET / HTTP/1.1\r\nHost: a\r\nAccept: text/plain \t\r\naccept:\tapplication/json\r\nX-Empty:\r\n\r\n");
        Assert.Equal("text/plain, application/json", request.Headers["Accept"]);
        Assert.Equal("", request.Headers["X-Empty"]);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_ObsTextInValue_IsKeptByteForByte()
    {
        var request = Accepted("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n");
        Assert.Equal("caf\u00e9", request.Headers["X-Name"]);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_ExpectContinue_IsReported()
    {
        var head = HttpRequestParser.ParseHead("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"u8, Limits);
        Assert.Equal(ParseStatus.Complete, head.Status);
        Assert.True(head.Head!.ExpectContinue);
        Assert.Equal(3, head.Head.ContentLength);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/caf%C3%A9", "/caf\u00e9")]
    [InlineData("/a+b", "/a+b")] // '+' is only a space in the query
    [InlineData("/%2Fx", "//x")]
    [InlineData("/programs/web%2D1", "/programs/web-1")]
    public Task Parse_Path_IsPercentDecoded(string target, string path)
    {
        Assert.Equal(path, Accepted($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n").Path);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_Query_IsSplitAndDecoded()
    {
        var query = Accepted("GET /logs?name=web%201&follow&lines=10&q=a+b%26c&&n=1&n=2&=x HTTP/1.1\r\nHost: a\r\n\r\n").Query;
        Assert.Equal("web 1", query["name"]);
        Assert.Equal("", query["follow"]);
        Assert.Equal("10", query["lines"]);
        Assert.Equal("a b&c", query["q"]);
        Assert.Equal("2", query["n"]); // the last one wins
        Assert.Equal("x", query[""]);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    // malformed request lines
    [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400)]
    [InlineData(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / http/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505)]
    [InlineData("get / HTTP/1.1\r\nHost: a\r\n\r\n", 501)]
    [InlineData("BREW / HTTP/1.1\r\nHost: a\r\n\r\n", 501)]
    [InlineData("TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", 501)]
    // header syntax and injection
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)] // HTTP/1.1 without Host
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", 400)] // obs-fold
    [InlineData("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n: empty-name\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX(Y): z\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rInjected: b\r\n\r\n", 400)] // bare CR
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\nInjected: b\r\n\r\n", 400)] // bare LF
    [InlineData("GET / HTTP/1.1\nHost: a\n\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u007fb\r\n\r\n", 400)]
    // framing
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 0\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\nhello!", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n", 413)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999999\r\n\r\n", 413)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417)]
    // percent-encoding
    [InlineData("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /%4 HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /a%00b HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /%C3%28 HTTP/1.1\r\nHost: a\r\n\r\n", 400)] // invalid UTF-8
    [InlineData("GET /?a=%GG HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /?a%00=1 HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    public Task Parse_Malformed_IsRefusedWithStatus(string raw, int status)
    {
        Refused(raw, status);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("BREW / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("GET  / HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\nX")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\rX")]
    [InlineData("GET / HTTP/1.1\r\nHost: \0")]
    public Task ParseHead_GarbageBeforeTheHeadEnds_IsRefusedEarly(string raw)
    {
        Assert.Equal(ParseStatus.Error, Parse(raw).Status);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task ParseHead_UnfinishedRequestLine_IsJudgedOnlyOnceWhole()
    {
        Assert.Equal(ParseStatus.NeedMore, Parse("GET  / HT").Status);
        Assert.Equal(ParseStatus.Error, Parse("GET  / HTTP/1.1\r\n").Status);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_HeadOverLimit_Is431()
    {
        var limits = new HttpLimits { MaxHeaderBytes = 200 };
        Refused("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('x', 300) + "\r\n\r\n", 431, limits);
        // Still incomplete, but already past the limit: no point waiting for the rest.
        Refused("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('x', 300), 431, limits);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_RequestLineOverLimit_Is414()
    {
        Refused("GET /" + new string('a', 300), 414, new HttpLimits { MaxHeaderBytes = 200 });
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_HeadExactlyAtLimit_IsAccepted()
    {
        var prefix = "GET / HTTP/1.1\r\nHost: a\r\nX: ";
        var raw = prefix + new string('v', 200 - prefix.Length - 4) + "\r\n\r\n";
        Assert.Equal(200, raw.Length);
        Assert.Equal(ParseStatus.Complete, Parse(raw, new HttpLimits { MaxHeaderBytes = 200 }).Status);
        Refused(raw.Insert(prefix.Length, "v"), 431, new HttpLimits { MaxHeaderBytes = 200 });
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Parse_BodyAtLimit_IsAccepted()
    {
        var body = new string('b', 100);
        Assert.Equal(body, Encoding.ASCII.GetString(Accepted($"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n{body}").Body));
        Assert.Equal(5, Accepted("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 0005\r\n\r\nhello").Body.Length);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task HasBareCrOrLf_LoneTrailingCr_MayStillBecomeCrlf()
    {
        Assert.False(HttpRequestParser.HasBareCrOrLf("a\r\nb\r"u8));
        Assert.True(HttpRequestParser.HasBareCrOrLf("a\rb"u8));
        Assert.True(HttpRequestParser.HasBareCrOrLf("a\r\n\nb"u8));
        Assert.False(HttpRequestParser.HasBareCrOrLf("a\r\n\r\nb"u8));
        return Task.CompletedTask;
    }

    [Fact(Timeout = 30_000)]
    public Task Parse_EveryPrefixOfAValidRequest_NeedsMoreOrIsComplete()
    {
        // Byte-at-a-time arrival must never be mistaken for an error.
        var raw = Encoding.ASCII.GetBytes("\r\nPOST /a%20b?x=1 HTTP/1.1\r\nHost: a\r\nX-List: 1,\t2\r\nContent-Length: 3\r\n\r\nabc");
        for (var n = 0; n < raw.Length; n++)
            Assert.Equal(ParseStatus.NeedMore, HttpRequestParser.Parse(raw.AsSpan(0, n), Limits).Status);
        Assert.Equal(ParseStatus.Complete, HttpRequestParser.Parse(raw, Limits).Status);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 30_000)]
    public Task Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        var alphabet = Encoding.Latin1.GetBytes("GET /?=&%2Fab HTTP/1.01\r\n:\t \0\u00ffContent-Length0123456789Transfer-Encoding");
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 120)];
            for (var j = 0; j < bytes.Length; j++) bytes[j] = alphabet[random.Next(alphabet.Length)];
            var prefix = random.Next(2) == 0 ? "GET / HTTP/1.1\r\nHost: a\r\n"u8.ToArray() : [];
            var result = HttpRequestParser.Parse([.. prefix, .. bytes], Limits);
            if (result.Status == ParseStatus.Error) Assert.InRange(result.Error!.Status, 400, 505);
        }
        return Task.CompletedTask;
    }
}
