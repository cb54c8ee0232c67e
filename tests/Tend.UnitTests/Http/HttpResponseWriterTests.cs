using System.Text;
using Tend.Http;

namespace Tend.UnitTests.Http;

public class HttpResponseWriterTests
{
    [Fact(Timeout = 5000)]
    public Task Head_ContentLengthResponse_IsWellFormed()
    {
        var head = Encoding.ASCII.GetString(HttpResponseWriter.Head(200, "application/json", 12, chunked: false, keepAlive: true));
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\n", head);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Head_NoContent_HasNoContentLength()
    {
        var head = Encoding.ASCII.GetString(HttpResponseWriter.Head(204, null, 0, chunked: false, keepAlive: false));
        Assert.Equal("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", head);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 5000)]
    public Task Error_IsPlainTextAndCloses()
    {
        var text = Encoding.ASCII.GetString(HttpResponseWriter.Error(503, "too many connections", "Retry-After: 1\r\n"));
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", text);
        Assert.Contains("Connection: close\r\n", text);
        Assert.Contains("Retry-After: 1\r\n", text);
        Assert.EndsWith("\r\n\r\ntoo many connections\n", text);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData(1, "1\r\n")]
    [InlineData(255, "ff\r\n")]
    [InlineData(65536, "10000\r\n")]
    public Task ChunkPrefix_IsLowerHexAndCrlf(int length, string expected)
    {
        Span<byte> buffer = stackalloc byte[16];
        var n = HttpResponseWriter.ChunkPrefix(buffer, length);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("text/plain\r\nX-Injected: 1")]
    [InlineData("text/plain\n")]
    [InlineData("caf\u00e9")]
    public Task ValidateContentType_ControlOrNonAscii_Throws(string contentType)
    {
        Assert.Throws<ArgumentException>(() => HttpResponseWriter.ValidateContentType(contentType));
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("127.0.0.1:9090", "127.0.0.1", 9090)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("localhost:65535", "localhost", 65535)]
    public Task HostPort_Valid_Splits(string text, string host, int port)
    {
        Assert.True(Tend.Model.HostPort.TryParse(text, Tend.Model.HostPortRules.Listen, out var h, out var p, out _));
        Assert.Equal(host, h);
        Assert.Equal(port, p);
        return Task.CompletedTask;
    }

    [Theory(Timeout = 5000)]
    [InlineData("127.0.0.1")]
    [InlineData(":9090")]
    [InlineData("::1:9090")]
    [InlineData("[::1]9090")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("host:")]
    [InlineData("/run/tend.sock")]
    [InlineData("dir/a:80")]
    public Task HostPort_Invalid_IsRefused(string text)
    {
        Assert.False(Tend.Model.HostPort.TryParse(text, Tend.Model.HostPortRules.Listen, out _, out _, out _));
        return Task.CompletedTask;
    }
}
