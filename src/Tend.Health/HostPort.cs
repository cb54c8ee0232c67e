using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tend.Health;

/// <summary>Parses "host:port", "[v6]:port" and ":port" (127.0.0.1).</summary>
internal static class HostPort
{
    /// <param name="text">The address as written.</param>
    /// <param name="portRequired">False for a URL authority, where a missing port means <paramref name="defaultPort"/>.</param>
    /// <param name="defaultPort">The port when none is written and none is required.</param>
    /// <param name="host">The host (brackets of an IPv6 address removed); "127.0.0.1" for ":port".</param>
    /// <param name="port">The port number.</param>
    /// <param name="error">Why <paramref name="text"/> is not an address; empty on success.</param>
    public static bool TryParse(string text, bool portRequired, int defaultPort, out string host, out int port, out string error)
    {
        host = "";
        port = 0;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = "missing ']' after an IPv6 address";
                return false;
            }
            host = text[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"\"{host}\" is not an IPv6 address";
                return false;
            }
            var rest = text[(close + 1)..];
            if (rest.Length == 0)
            {
                portText = "";
            }
            else if (rest[0] == ':')
            {
                portText = rest[1..];
                if (portText.Length == 0) { error = "empty port"; return false; }
            }
            else
            {
                error = $"unexpected \"{rest}\" after the IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                host = text;
                portText = "";
            }
            else
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
                if (portText.Length == 0) { error = "empty port"; return false; }
                if (host.Contains(':'))
                {
                    error = "an IPv6 address must be written in brackets: [::1]:8080";
                    return false;
                }
                if (host.Length == 0 && portRequired) host = "127.0.0.1";
            }
            if (host.Length == 0)
            {
                error = "empty host";
                return false;
            }
            foreach (var c in host)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
                {
                    error = $"invalid character '{c}' in host \"{host}\"";
                    return false;
                }
            }
        }

        if (portText.Length == 0)
        {
            if (portRequired)
            {
                error = "missing port (host:port)";
                return false;
            }
            port = defaultPort;
            error = "";
            return true;
        }
        if (portText.Length > 5 || !portText.All(char.IsAsciiDigit)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            error = $"invalid port \"{portText}\"";
            return false;
        }
        error = "";
        return true;
    }
}
