using System.Text;
using Tend.Http;

namespace Tend.Control.Client;

/// <summary>Status line and headers of a response, as the client needs them to find the body.</summary>
internal sealed record ResponseHead(int Status, IReadOnlyDictionary<string, string> Headers)
{
    public string ContentType => Headers.TryGetValue("Content-Type", out var type) ? type : "";

    public bool Chunked => Headers.TryGetValue("Transfer-Encoding", out var te)
        && te.Split(',', StringSplitOptions.TrimEntries)[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses "HTTP/1.x SSS reason\r\n" and "Name: value\r\n" lines (the head without its final empty line).</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf("\r\n"u8);
        var statusLine = end < 0 ? head : head[..end];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' '
            || !TryParseStatus(statusLine.Slice(9, 3), out var status)
            || statusLine.Length > 12 && statusLine[12] != ' ')
            throw new FormatException("malformed status line");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = end < 0 ? default : head[(end + 2)..];
        while (!rest.IsEmpty)
        {
            end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) throw new FormatException("malformed header");
            var name = Encoding.ASCII.GetString(line[..colon]);
            var value = Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8));
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }
        return new ResponseHead(status, headers);
    }

    private static bool TryParseStatus(ReadOnlySpan<byte> digits, out int status)
    {
        status = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit((char)c)) return false;
            status = status * 10 + (c - '0');
        }
        return status is >= 100 and <= 599;
    }

    /// <summary>Null when there is none or it is not a plain number (then the body runs to the close).</summary>
    public long? ContentLength()
    {
        if (!Headers.TryGetValue("Content-Length", out var text) || text.Length == 0 || !text.All(char.IsAsciiDigit)) return null;
        return long.TryParse(text, out var length) ? length : null;
    }

    /// <summary>Whether a body follows at all (RFC 9112 §6.3: never after HEAD, 1xx, 204, 304).</summary>
    public bool HasBody(string method) => method != "HEAD" && !HttpStatus.ForbidsBody(Status);
}
