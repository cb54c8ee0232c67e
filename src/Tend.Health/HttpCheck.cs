using System.Text;
using Tend.Model;

namespace Tend.Health;

/// <summary>
/// An HTTP probe: one GET over HTTP/1.1 on a plain TCP socket or TLS, passing on a 2xx or 3xx status
/// (redirects are not followed). Only the status line is read; the rest of the response is
/// drained as far as it has already arrived (bounded) and the connection is closed.
/// </summary>
public static class HttpCheck
{
    /// <summary>Status line plus any interim (1xx) responses before it must fit in this.</summary>
    internal const int MaxHead = 8192;

    /// <summary>At most this much of the rest of the response is read (without waiting) before closing.</summary>
    internal const int DrainLimit = 64 * 1024;

    /// <summary>
    /// GETs <paramref name="url"/> (http://host[:port]/path?query) within <paramref name="timeout"/>,
    /// which bounds resolve, connect, send and the wait for the status line together (name
    /// resolution through getaddrinfo excepted, which cannot be bounded). Never throws. Detail:
    /// "HTTP 200", "HTTP 503", "timed out after 1 s", "connection refused", "malformed response".
    /// </summary>
    public static ProbeResult Run(string url, TimeSpan timeout) => Run(url, timeout, insecureSkipVerify: false);

    /// <summary>
    /// As <see cref="Run(string, TimeSpan)"/>, https:// included (<see cref="HttpsExchange"/>);
    /// <paramref name="insecureSkipVerify"/> accepts any certificate.
    /// </summary>
    public static ProbeResult Run(string url, TimeSpan timeout, bool insecureSkipVerify)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(url)) return new(false, "no URL to get");
            if (!HttpTarget.TryParse(url, out var target, out var error))
                return new(false, $"invalid URL \"{url}\": {error}");

            var deadline = new Deadline(timeout);
            using var socket = SocketIo.Connect(target.Host, target.Port, deadline, out var detail);
            if (socket is null) return new(false, detail);
            if (target.Tls) return TlsThread.Run(() => HttpsExchange.Get(socket, target, deadline, insecureSkipVerify), deadline);

            if (!SocketIo.SendAll(socket, target.Request(), deadline, out detail)) return new(false, detail);
            var result = HttpResponseHead.Read((Span<byte> buffer, out string d) => SocketIo.Receive(socket, buffer, deadline, out d));
            if (result.Detail.StartsWith("HTTP ", StringComparison.Ordinal)) SocketIo.DrainAvailable(socket, new byte[MaxHead], DrainLimit);
            return result;
        }
        catch (Exception e)
        {
            return new(false, "probe error: " + Model.ErrorText.Of(e));
        }
    }
}

/// <summary>A receive: the byte count, 0 at end of stream, or -1 with a reason.</summary>
internal delegate int Receive(Span<byte> buffer, out string detail);

/// <summary>Reads a response up to its final status line, over plain TCP or TLS alike.</summary>
internal static class HttpResponseHead
{
    public static ProbeResult Read(Receive receive)
    {
        var buffer = new byte[HttpCheck.MaxHead];
        var length = 0;
        while (true)
        {
            switch (StatusLine.Parse(buffer.AsSpan(0, length), out var status))
            {
                case HeadParse.Complete:
                    return new(status is >= 200 and < 400, "HTTP " + status);
                case HeadParse.Malformed:
                    return new(false, "malformed response");
            }
            if (length == buffer.Length) return new(false, "malformed response (status line too long)");

            var received = receive(buffer.AsSpan(length), out var detail);
            if (received < 0) return new(false, detail);
            if (received == 0)
                return new(false, length == 0 ? "connection closed without a response" : "malformed response (truncated)");
            length += received;
        }
    }
}

/// <summary>Where an HTTP probe connects and what it asks for; Tls for https://.</summary>
internal sealed record HttpTarget(string Host, int Port, string Authority, string PathAndQuery, bool Tls = false)
{
    /// <summary>
    /// Parses http[s]://host[:port][/path][?query][#fragment]. The scheme is case-insensitive; the
    /// host is a name, an IPv4 address or a bracketed IPv6 address; user info is rejected; the
    /// fragment is dropped; bytes of the path that are not printable ASCII are percent-encoded
    /// (so nothing can break out of the request line).
    /// </summary>
    public static bool TryParse(string url, out HttpTarget target, out string error)
    {
        target = null!;
        var tls = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!tls && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            error = "only http:// and https:// URLs are supported";
            return false;
        }
        var rest = url[(tls ? "https://" : "http://").Length..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var tail = end < 0 ? "" : rest[end..];

        if (authority.Length == 0)
        {
            error = "no host";
            return false;
        }
        if (authority.Contains('@'))
        {
            error = "user info is not supported";
            return false;
        }
        if (!HostPort.TryParse(authority, tls ? HostPortRules.HttpsUrlAuthority : HostPortRules.UrlAuthority, out var host, out var port, out var refused))
        {
            error = HostPortMessages.Describe(refused);
            return false;
        }

        var hash = tail.IndexOf('#');
        if (hash >= 0) tail = tail[..hash];
        if (tail.Length == 0 || tail[0] == '?') tail = "/" + tail;

        error = "";
        target = new HttpTarget(host, port, authority, Encode(tail), tls);
        return true;
    }

    private static string Encode(string pathAndQuery)
    {
        var bytes = Encoding.UTF8.GetBytes(pathAndQuery);
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is > 0x20 and < 0x7F) sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>The request bytes (ASCII: every part was validated or percent-encoded).</summary>
    public byte[] Request() => Encoding.ASCII.GetBytes(
        $"GET {PathAndQuery} HTTP/1.1\r\nHost: {Authority}\r\nConnection: close\r\nUser-Agent: tend-probe\r\n\r\n");
}

internal enum HeadParse { NeedMore, Complete, Malformed }

/// <summary>Finds the final status code at the start of a response. Pure.</summary>
internal static class StatusLine
{
    /// <summary>
    /// Looks at the bytes received so far: Complete with the status once a final status line is
    /// in, NeedMore while it may still come, Malformed as soon as it cannot. Interim responses
    /// (1xx other than 101) are skipped with their headers, as HTTP/1.1 clients must.
    /// Grammar: "HTTP/" DIGIT "." DIGIT SP 3DIGIT [SP reason] CRLF (a bare LF is accepted too).
    /// </summary>
    public static HeadParse Parse(ReadOnlySpan<byte> data, out int status)
    {
        status = 0;
        var position = 0;
        while (true)
        {
            var head = data[position..];
            // Reject garbage at once instead of waiting for a newline that may never come.
            var prefix = "HTTP/"u8;
            var n = Math.Min(prefix.Length, head.Length);
            if (!head[..n].SequenceEqual(prefix[..n])) return HeadParse.Malformed;

            var newline = head.IndexOf((byte)'\n');
            if (newline < 0) return HeadParse.NeedMore;
            var line = head[..newline];
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (!TryParseLine(line, out status)) return HeadParse.Malformed;

            if (status is < 100 or >= 200 || status == 101) return HeadParse.Complete;

            // An interim response: skip its header block up to the empty line.
            var cursor = position + newline + 1;
            while (true)
            {
                var next = data[cursor..].IndexOf((byte)'\n');
                if (next < 0) return HeadParse.NeedMore;
                var headerLine = data.Slice(cursor, next);
                cursor += next + 1;
                if (headerLine.IsEmpty || (headerLine.Length == 1 && headerLine[0] == '\r')) break;
            }
            position = cursor;
            status = 0;
        }
    }

    private static bool TryParseLine(ReadOnlySpan<byte> line, out int status)
    {
        status = 0;
        // "HTTP/1.1 200" is the shortest: 12 bytes.
        if (line.Length < 12) return false;
        if (!char.IsAsciiDigit((char)line[5]) || line[6] != '.' || !char.IsAsciiDigit((char)line[7]) || line[8] != ' ')
            return false;
        for (var i = 9; i < 12; i++)
        {
            if (!char.IsAsciiDigit((char)line[i])) return false;
            status = status * 10 + (line[i] - '0');
        }
        return line.Length == 12 || line[12] == ' ';
    }
}
