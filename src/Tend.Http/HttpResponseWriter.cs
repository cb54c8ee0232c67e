using System.Text;

namespace Tend.Http;

/// <summary>
/// Formats response heads and chunk frames as bytes. Pure: the connection decides when to send them.
/// The server always states Connection explicitly, so HTTP/1.0 clients and proxies never have to guess.
/// </summary>
internal static class HttpResponseWriter
{
    public static ReadOnlySpan<byte> Continue => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    /// <summary>The zero-length chunk and the empty trailer section that end a chunked body.</summary>
    public static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    /// <param name="status">The status code; its reason phrase is added.</param>
    /// <param name="contentType">Null or empty: no Content-Type header.</param>
    /// <param name="contentLength">Null for a chunked or close-delimited body.</param>
    /// <param name="chunked">Adds Transfer-Encoding: chunked (never for HTTP/1.0 clients, which cannot decode it).</param>
    /// <param name="keepAlive">Connection: keep-alive, else Connection: close.</param>
    /// <param name="extraHeaders">Header lines, each ending in CRLF, written as they are.</param>
    public static byte[] Head(int status, string? contentType, long? contentLength, bool chunked, bool keepAlive, string? extraHeaders = null)
    {
        var sb = new StringBuilder(128);
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(HttpStatus.Reason(status)).Append("\r\n");
        if (!string.IsNullOrEmpty(contentType)) sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        // 204 must not carry Content-Length (RFC 9110 §8.6); 304 has none to give.
        if (contentLength is { } length && status is not (204 or 304)) sb.Append("Content-Length: ").Append(length).Append("\r\n");
        if (chunked) sb.Append("Transfer-Encoding: chunked\r\n");
        sb.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        if (extraHeaders is not null) sb.Append(extraHeaders);
        sb.Append("\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>A complete plain-text error response; errors always close the connection.</summary>
    public static byte[] Error(int status, string reason, string? extraHeaders = null, bool includeBody = true)
    {
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var head = Head(status, "text/plain; charset=utf-8", body.Length, chunked: false, keepAlive: false, extraHeaders);
        if (!includeBody) return head;
        var all = new byte[head.Length + body.Length];
        head.CopyTo(all, 0);
        body.CopyTo(all, head.Length);
        return all;
    }

    /// <summary>Writes "{hex length}\r\n" into <paramref name="destination"/> (at least 10 bytes) and returns its length.</summary>
    public static int ChunkPrefix(Span<byte> destination, int length)
    {
        length.TryFormat(destination, out var n, "x");
        destination[n++] = (byte)'\r';
        destination[n++] = (byte)'\n';
        return n;
    }

    /// <summary>A content type goes verbatim into the head: a CR or LF in it would inject headers.</summary>
    public static void ValidateContentType(string contentType)
    {
        foreach (var c in contentType)
            if (c < 0x20 && c != '\t' || c >= 0x7F)
                throw new ArgumentException("content type must be printable ASCII", nameof(contentType));
    }

    public static void ValidateStatus(int status)
    {
        if (status is < 200 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "status must be 200-599");
    }
}
