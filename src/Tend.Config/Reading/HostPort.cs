using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tend.Config;

/// <summary>
/// "host:port" as used by the HTTP listener and TCP probes: a non-empty host (an IPv6 address in
/// brackets, "[::1]:8080") and a port between 1 and 65535. Only the form is checked; names are
/// resolved when used.
/// </summary>
public static class HostPort
{
    public const string PortRange = "a port is a number between 1 and 65535";

    /// <summary>Checks <paramref name="text"/>; the error's hint shows <paramref name="example"/>.</summary>
    public static bool TryParse(string text, string example, out string host, out int port, [NotNullWhen(false)] out HostPortError? error)
    {
        host = "";
        port = 0;
        var s = text.Trim();
        var expected = $"expected host:port, e.g. {example}";

        if (s.Contains("://", StringComparison.Ordinal))
        {
            error = new($"'{s}' is a URL, not host:port", $"write only the host and port, e.g. {example}");
            return false;
        }

        string portText;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            if (close < 0 || close + 1 >= s.Length || s[close + 1] != ':')
            {
                error = new($"'{s}' is not host:port", $"write an IPv6 address in brackets followed by the port, e.g. [::1]:8080");
                return false;
            }
            host = s[1..close];
            portText = s[(close + 2)..];
        }
        else
        {
            var colon = s.LastIndexOf(':');
            if (colon < 0)
            {
                error = new($"'{s}' has no port", expected);
                return false;
            }
            host = s[..colon];
            portText = s[(colon + 1)..];
            if (host.Contains(':'))
            {
                error = new($"'{s}' has an IPv6 address without brackets", "write it in brackets, e.g. [::1]:8080");
                return false;
            }
        }

        if (host.Length == 0)
        {
            error = new($"'{s}' has no host", expected);
            return false;
        }
        if (host.Any(c => char.IsWhiteSpace(c) || c is '/' or '\0'))
        {
            error = new($"invalid host '{host}' in '{s}'", expected);
            return false;
        }
        if (portText.Length == 0 || portText.Length > 9 || !portText.All(char.IsAsciiDigit))
        {
            error = new($"invalid port '{portText}' in '{s}'", PortRange);
            return false;
        }
        port = int.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (port is < 1 or > 65535)
        {
            error = new($"port {port} is out of range in '{s}'", PortRange);
            return false;
        }
        error = null;
        return true;
    }
}

public sealed record HostPortError(string Message, string Hint);
