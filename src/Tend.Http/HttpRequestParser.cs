using System.Buffers;
using System.Text;

namespace Tend.Http;

internal enum ParseStatus { NeedMore, Complete, Error }

/// <summary>Why a request was refused: the status to answer with and a short text for the body.</summary>
internal sealed record HttpError(int Status, string Reason);

/// <summary>A parsed request head: everything but the body, plus how the connection goes on afterwards.</summary>
internal sealed record RequestHead(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    int ContentLength,
    bool KeepAlive,
    bool ExpectContinue,
    bool Http10)
{
    public HttpRequest ToRequest(byte[] body, PeerCredentials? peer) => new(Method, Path, Query, Headers, body, peer);
}

/// <param name="Status">Whether the head is complete, needs more bytes or is malformed.</param>
/// <param name="Head">The head, once complete.</param>
/// <param name="Length">Bytes of the head, CRLFs (and skipped leading empty lines) included; the body starts there.</param>
/// <param name="Error">What is wrong with a malformed head.</param>
internal readonly record struct HeadParseResult(ParseStatus Status, RequestHead? Head, int Length, HttpError? Error);

/// <param name="Status">Whether the request is complete, needs more bytes or is malformed.</param>
/// <param name="Request">The request, once complete.</param>
/// <param name="KeepAlive">Whether the connection stays open after the response.</param>
/// <param name="Consumed">Bytes of head and body; whatever follows is the next (pipelined) request.</param>
/// <param name="Error">What is wrong with a malformed request.</param>
internal readonly record struct RequestParseResult(ParseStatus Status, HttpRequest? Request, bool KeepAlive, int Consumed, HttpError? Error);

/// <summary>
/// A pure, strict HTTP/1.1 request parser over bytes (RFC 9112). Strict because the control socket is a
/// security boundary and every ambiguity is a smuggling or injection risk: one CRLF style, no obs-fold, no
/// whitespace before a colon, no request bodies but Content-Length, one Content-Length of digits only.
/// It never throws on input: every refusal is an <see cref="HttpError"/> with the status to answer.
/// </summary>
internal static class HttpRequestParser
{
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Control characters other than HTAB, and DEL: never allowed in a field value.</summary>
    private static readonly SearchValues<byte> BadValueBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>What this server implements; RFC 9110 §9.1 answers anything else with 501.</summary>
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private static readonly IReadOnlyDictionary<string, string> NoQuery = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Parses one whole request (head and body) from the start of <paramref name="data"/>.</summary>
    public static RequestParseResult Parse(ReadOnlySpan<byte> data, HttpLimits limits, PeerCredentials? peer = null)
    {
        var head = ParseHead(data, limits);
        if (head.Status != ParseStatus.Complete) return new(head.Status, null, false, 0, head.Error);
        var end = head.Length + head.Head!.ContentLength;
        if (data.Length < end) return new(ParseStatus.NeedMore, null, false, 0, null);
        var request = head.Head.ToRequest(data[head.Length..end].ToArray(), peer);
        return new(ParseStatus.Complete, request, head.Head.KeepAlive, end, null);
    }

    /// <summary>
    /// Parses the head once it has fully arrived. Before that it still refuses early what can never become
    /// valid (a bad request line, a bare CR or LF, NUL, too many bytes), so garbage is not waited on.
    /// </summary>
    public static HeadParseResult ParseHead(ReadOnlySpan<byte> data, HttpLimits limits)
    {
        // RFC 9112 §2.2: a server SHOULD ignore empty lines before the request line (some clients send a
        // CRLF after a POST body). They count against the header limit like any other byte.
        var start = 0;
        while (data.Length - start >= 2 && data[start] == '\r' && data[start + 1] == '\n') start += 2;
        var rest = data[start..];

        var end = rest.IndexOf("\r\n\r\n"u8);
        if (end < 0) return Fail(CheckIncomplete(data, rest, limits));

        var length = start + end + 4;
        if (length > limits.MaxHeaderBytes) return Fail(new(431, "request header fields too large"));

        var lines = rest[..(end + 2)];
        var lineEnd = lines.IndexOf("\r\n"u8);
        var error = ParseRequestLine(lines[..lineEnd], out var method, out var target, out var http10);
        if (error is not null) return Fail(error);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        lines = lines[(lineEnd + 2)..];
        while (!lines.IsEmpty)
        {
            lineEnd = lines.IndexOf("\r\n"u8);
            error = ParseHeaderLine(lines[..lineEnd], headers);
            if (error is not null) return Fail(error);
            lines = lines[(lineEnd + 2)..];
        }

        error = ParseTarget(target, out var path, out var query);
        if (error is not null) return Fail(error);

        error = ReadFraming(headers, http10, limits, out var contentLength, out var keepAlive, out var expectContinue);
        if (error is not null) return Fail(error);

        var head = new RequestHead(method, path, query, headers, contentLength, keepAlive, expectContinue, http10);
        return new(ParseStatus.Complete, head, length, null);
    }

    private static HeadParseResult Fail(HttpError? error) =>
        error is null ? new(ParseStatus.NeedMore, null, 0, null) : new(ParseStatus.Error, null, 0, error);

    private static HttpError? CheckIncomplete(ReadOnlySpan<byte> data, ReadOnlySpan<byte> rest, HttpLimits limits)
    {
        if (rest.IndexOf((byte)0) >= 0 || HasBareCrOrLf(rest)) return new(400, "malformed request: bare CR, LF or NUL");
        var lineEnd = rest.IndexOf("\r\n"u8);
        if (lineEnd >= 0)
        {
            var error = ParseRequestLine(rest[..lineEnd], out _, out _, out _);
            if (error is not null) return error;
        }
        if (data.Length > limits.MaxHeaderBytes)
            return lineEnd >= 0 ? new(431, "request header fields too large") : new(414, "request line too long");
        return null;
    }

    /// <summary>True when a CR not followed by LF, or an LF not preceded by CR, occurs (a lone CR at the very end may still get its LF).</summary>
    internal static bool HasBareCrOrLf(ReadOnlySpan<byte> s)
    {
        var i = s.IndexOfAny((byte)'\r', (byte)'\n');
        while (i >= 0)
        {
            if (s[i] == '\n') return true;
            if (i + 1 == s.Length) return false;
            if (s[i + 1] != '\n') return true;
            i += 2;
            var next = s[i..].IndexOfAny((byte)'\r', (byte)'\n');
            i = next < 0 ? -1 : i + next;
        }
        return false;
    }

    /// <summary>request-line = method SP request-target SP HTTP-version, with exactly one SP each.</summary>
    private static HttpError? ParseRequestLine(ReadOnlySpan<byte> line, out string method, out ReadOnlySpan<byte> target, out bool http10)
    {
        method = "";
        target = default;
        http10 = false;

        var sp = line.IndexOf((byte)' ');
        if (sp <= 0 || !IsToken(line[..sp])) return new(400, "malformed request line");
        var methodBytes = line[..sp];
        line = line[(sp + 1)..];

        sp = line.IndexOf((byte)' ');
        if (sp <= 0) return new(400, "malformed request line");
        target = line[..sp];
        var version = line[(sp + 1)..];

        if (version.SequenceEqual("HTTP/1.0"u8)) http10 = true;
        else if (!version.SequenceEqual("HTTP/1.1"u8))
        {
            var wellFormed = version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5])
                && version[6] == '.' && char.IsAsciiDigit((char)version[7]);
            return wellFormed ? new(505, "only HTTP/1.1 and HTTP/1.0 are supported") : new(400, "malformed request line");
        }

        // Origin-form only ("/path?query"): this is not a proxy, and nothing here answers "*".
        if (target[0] != '/' || target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0 || target.IndexOf((byte)'#') >= 0)
            return new(400, "malformed request target");

        method = Encoding.ASCII.GetString(methodBytes);
        var known = Array.IndexOf(Methods, method);
        if (known < 0) return new(501, "method not implemented");
        method = Methods[known];
        return null;
    }

    /// <summary>field-line = field-name ":" OWS field-value OWS, the name a token right up to the colon.</summary>
    private static HttpError? ParseHeaderLine(ReadOnlySpan<byte> line, Dictionary<string, string> headers)
    {
        // A bare CR or LF left inside a line after splitting at CRLF would let one header smuggle in another.
        if (line.IndexOfAny((byte)'\r', (byte)'\n') >= 0) return new(400, "malformed header: bare CR or LF");
        if (line[0] is (byte)' ' or (byte)'\t') return new(400, "obsolete line folding is not accepted");
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon])) return new(400, "malformed header name");

        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (value.IndexOfAny(BadValueBytes) >= 0) return new(400, "control character in header value");

        var name = Encoding.ASCII.GetString(line[..colon]);
        var text = Encoding.Latin1.GetString(value); // obs-text is opaque octets: Latin-1 keeps them byte for byte
        if (headers.TryGetValue(name, out var existing))
        {
            // Two lengths (or hosts) are the classic request-smuggling ambiguity: refuse rather than pick one.
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) return new(400, "duplicate Content-Length");
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) return new(400, "duplicate Host");
            headers[name] = existing + ", " + text;
        }
        else
        {
            headers[name] = text;
        }
        return null;
    }

    private static HttpError? ParseTarget(ReadOnlySpan<byte> target, out string path, out IReadOnlyDictionary<string, string> query)
    {
        query = NoQuery;
        var q = target.IndexOf((byte)'?');
        var pathBytes = q < 0 ? target : target[..q];
        path = "";
        if (!PercentDecoding.TryDecode(pathBytes, plusIsSpace: false, out var decodedPath)) return new(400, "malformed percent-encoding in path");
        path = decodedPath;
        if (q < 0) return null;

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = target[(q + 1)..];
        while (true)
        {
            var amp = rest.IndexOf((byte)'&');
            var pair = amp < 0 ? rest : rest[..amp];
            if (!pair.IsEmpty)
            {
                var eq = pair.IndexOf((byte)'=');
                var keyBytes = eq < 0 ? pair : pair[..eq];
                var valueBytes = eq < 0 ? default : pair[(eq + 1)..];
                if (!PercentDecoding.TryDecode(keyBytes, plusIsSpace: true, out var key)
                    || !PercentDecoding.TryDecode(valueBytes, plusIsSpace: true, out var value))
                    return new(400, "malformed percent-encoding in query");
                parameters[key] = value; // a repeated parameter: the last one wins
            }
            if (amp < 0) break;
            rest = rest[(amp + 1)..];
        }
        query = parameters;
        return null;
    }

    /// <summary>Body length, persistence and Expect, from the headers (RFC 9112 §6, §9.3).</summary>
    private static HttpError? ReadFraming(Dictionary<string, string> headers, bool http10, HttpLimits limits,
        out int contentLength, out bool keepAlive, out bool expectContinue)
    {
        contentLength = 0;
        keepAlive = false;
        expectContinue = false;

        if (!http10 && !headers.ContainsKey("Host")) return new(400, "missing Host header");

        var hasLength = headers.TryGetValue("Content-Length", out var length);
        if (headers.ContainsKey("Transfer-Encoding"))
        {
            // Both at once is a smuggling attempt; chunked alone is legal HTTP this server chooses not to take.
            return hasLength
                ? new(400, "both Transfer-Encoding and Content-Length")
                : new(501, "request bodies must be sent with Content-Length");
        }
        if (hasLength)
        {
            if (length!.Length == 0) return new(400, "malformed Content-Length");
            long value = 0;
            foreach (var c in length)
            {
                if (!char.IsAsciiDigit(c)) return new(400, "malformed Content-Length");
                value = value * 10 + (c - '0');
                if (value > limits.MaxBodyBytes) return new(413, "request body too large");
            }
            contentLength = (int)value;
        }

        var close = false;
        var keep = false;
        if (headers.TryGetValue("Connection", out var connection))
        {
            foreach (var token in connection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals("close", StringComparison.OrdinalIgnoreCase)) close = true;
                else if (token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)) keep = true;
            }
        }
        // HTTP/1.1 persists unless told otherwise; HTTP/1.0 only when asked.
        keepAlive = !close && (!http10 || keep);

        if (headers.TryGetValue("Expect", out var expect))
        {
            if (!expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase)) return new(417, "unsupported Expect");
            expectContinue = !http10;
        }
        return null;
    }

    private static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && s.IndexOfAnyExcept(TokenChars) < 0;
}
