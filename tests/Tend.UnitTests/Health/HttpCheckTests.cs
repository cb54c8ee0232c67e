using System.Diagnostics;
using System.Text;
using Tend.Health;

namespace Tend.UnitTests.Health;

public class HttpCheckTests
{
    private static Task<ProbeResult> Get(string url, int timeoutMs = 10_000) =>
        Task.Run(() => HttpCheck.Run(url, TimeSpan.FromMilliseconds(timeoutMs)));

    [Fact(Timeout = 30_000)]
    public async Task Run_SendsAMinimalGet()
    {
        using var server = new LoopbackHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        var result = await Get(server.Url("/healthz?full=1&x=%20y#fragment"));

        Assert.Equal(new ProbeResult(true, "HTTP 200"), result);
        Assert.Equal(
            $"GET /healthz?full=1&x=%20y HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\nUser-Agent: tend-probe\r\n\r\n",
            await server.FirstRequest);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true, "HTTP 200")]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", true, "HTTP 204")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n", true, "HTTP 200")]
    [InlineData("HTTP/1.1 200\r\n\r\n", true, "HTTP 200")]
    [InlineData("HTTP/1.1 200 OK\n\n", true, "HTTP 200")]
    [InlineData("HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n", true, "HTTP 302")]
    [InlineData("HTTP/1.1 399 Whatever\r\n\r\n", true, "HTTP 399")]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n", false, "HTTP 400")]
    [InlineData("HTTP/1.1 404 Not Found\r\n\r\n", false, "HTTP 404")]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\nboom!", false, "HTTP 500")]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n\r\n", false, "HTTP 503")]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", true, "HTTP 200")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\n\r\n", false, "HTTP 503")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\n\r\n", false, "HTTP 101")]
    [InlineData("hello, this is not HTTP\r\n", false, "malformed response")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n", false, "malformed response")]
    [InlineData("HTTP/1.1 2OO OK\r\n\r\n", false, "malformed response")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n", false, "malformed response")]
    [InlineData("HTTP/1.1 20\r\n\r\n", false, "malformed response")]
    [InlineData("HTTP/1.1 200 O", false, "malformed response (truncated)")]
    [InlineData("", false, "connection closed without a response")]
    public async Task Run_JudgesTheStatusLine(string response, bool success, string detail)
    {
        using var server = new LoopbackHttpServer(response);

        var result = await Get(server.Url("/"));

        Assert.Equal(new ProbeResult(success, detail), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_BigBody_OnlyTheHeadIsRead()
    {
        var body = new string('x', 4 * 1024 * 1024);
        using var server = new LoopbackHttpServer($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        var result = await Get(server.Url("/"));

        Assert.Equal(new ProbeResult(true, "HTTP 200"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_HeadTooLong_IsMalformed()
    {
        // A status line that never ends within the limit.
        using var server = new LoopbackHttpServer("HTTP/1.1 200 " + new string('a', HttpCheck.MaxHead + 100));

        var result = await Get(server.Url("/"));

        Assert.Equal(new ProbeResult(false, "malformed response (status line too long)"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_ServerNeverAnswers_TimesOut()
    {
        using var server = new LoopbackHttpServer("", Behaviour.NeverAnswer);

        var stopwatch = Stopwatch.StartNew();
        var result = await Get(server.Url("/slow"), timeoutMs: 400);
        stopwatch.Stop();

        Assert.Equal(new ProbeResult(false, "timed out after 400 ms"), result);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 380, 2_000);
        Assert.StartsWith("GET /slow HTTP/1.1\r\n", await server.FirstRequest);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_WholeSecondTimeout_IsWrittenInSeconds()
    {
        using var server = new LoopbackHttpServer("", Behaviour.NeverAnswer);

        var result = await Get(server.Url("/"), timeoutMs: 1_000);

        Assert.Equal(new ProbeResult(false, "timed out after 1 s"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_ClosedPort_IsRefused()
    {
        using var closed = Loopback.ClosedPort(out var port);

        var result = await Get($"http://127.0.0.1:{port}/");

        Assert.Equal(new ProbeResult(false, "connection refused"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_Localhost_IsResolved()
    {
        using var server = new LoopbackHttpServer("HTTP/1.1 200 OK\r\n\r\n");

        var result = await Get($"http://localhost:{server.Port}/");

        Assert.Equal(new ProbeResult(true, "HTTP 200"), result);
        Assert.Contains($"\r\nHost: localhost:{server.Port}\r\n", await server.FirstRequest);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/", "only http:// and https:// URLs are supported")]
    [InlineData("127.0.0.1:8080/health", "only http:// and https:// URLs are supported")]
    [InlineData("http://", "no host")]
    [InlineData("http:///path", "no host")]
    [InlineData("http://user:pw@127.0.0.1/", "user info is not supported")]
    [InlineData("http://127.0.0.1:99999/", "invalid port \"99999\"")]
    [InlineData("http://127.0.0.1:/", "empty port")]
    [InlineData("http://::1/", "an IPv6 address must be written in brackets: [::1]:8080")]
    [InlineData("http://bad\rhost/", "invalid character '\r' in host \"bad\rhost\"")]
    public void Run_InvalidUrl_FailsWithoutConnecting(string url, string error)
    {
        Assert.Equal(new ProbeResult(false, $"invalid URL \"{url}\": {error}"), HttpCheck.Run(url, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("http://127.0.0.1/", "127.0.0.1", 80, "127.0.0.1", "/")]
    [InlineData("https://127.0.0.1/", "127.0.0.1", 443, "127.0.0.1", "/")]
    [InlineData("HTTP://Example.internal:8080", "Example.internal", 8080, "Example.internal:8080", "/")]
    [InlineData("http://localhost:3000?ready", "localhost", 3000, "localhost:3000", "/?ready")]
    [InlineData("http://localhost/a/b?c=d#e", "localhost", 80, "localhost", "/a/b?c=d")]
    [InlineData("http://[::1]:9000/x", "::1", 9000, "[::1]:9000", "/x")]
    [InlineData("http://[::1]/", "::1", 80, "[::1]", "/")]
    [InlineData("http://web_1:80/héllo wörld", "web_1", 80, "web_1:80", "/h%C3%A9llo%20w%C3%B6rld")]
    [InlineData("http://h/\r\nX-Injected: 1", "h", 80, "h", "/%0D%0AX-Injected:%201")]
    public void Target_Parses(string url, string host, int port, string authority, string pathAndQuery)
    {
        Assert.True(HttpTarget.TryParse(url, out var target, out var error), error);
        Assert.Equal(new HttpTarget(host, port, authority, pathAndQuery, url.StartsWith("https:", StringComparison.Ordinal)), target);
    }

    [Fact]
    public void Target_Request_IsTheExactHead()
    {
        Assert.True(HttpTarget.TryParse("http://127.0.0.1:81/ready", out var target, out _));
        Assert.Equal("GET /ready HTTP/1.1\r\nHost: 127.0.0.1:81\r\nConnection: close\r\nUser-Agent: tend-probe\r\n\r\n",
            Encoding.ASCII.GetString(target.Request()));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", 200)]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n", 503)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 302 Found\r\n\r\n", 302)]
    [InlineData("HTTP/1.0 404 Not Found\n\n", 404)]
    public void StatusLine_EveryPrefix_NeedsMoreUntilTheStatusIsIn(string response, int status)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        var completeAt = -1;
        for (var length = 0; length <= bytes.Length; length++)
        {
            var outcome = StatusLine.Parse(bytes.AsSpan(0, length), out var parsed);
            Assert.NotEqual(HeadParse.Malformed, outcome);
            if (outcome == HeadParse.Complete)
            {
                Assert.Equal(status, parsed);
                if (completeAt < 0) completeAt = length;
            }
            else
            {
                Assert.True(completeAt < 0, $"complete at {completeAt} bytes, then needs more at {length}");
            }
        }
        // Complete right after the final status line's newline.
        var final = response.LastIndexOf("HTTP/", StringComparison.Ordinal);
        Assert.Equal(response.IndexOf('\n', final) + 1, completeAt);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("HTTX")]
    [InlineData("http/1.1 200 OK\r\n")]
    [InlineData("HTTP/1.1  200 OK\r\n")]
    [InlineData("HTTP/11 200 OK\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nnonsense\r\n")]
    [InlineData("\r\nHTTP/1.1 200 OK\r\n")]
    public void StatusLine_Garbage_IsMalformed(string response)
    {
        Assert.Equal(HeadParse.Malformed, StatusLine.Parse(Encoding.ASCII.GetBytes(response), out _));
    }
}
