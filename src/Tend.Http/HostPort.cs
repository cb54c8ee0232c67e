using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tend.Http;

/// <summary>"host:port" as written in config and on the command line: "127.0.0.1:9090", "[::1]:9090", "localhost:9090".</summary>
internal static class HostPort
{
    /// <summary>Splits without resolving. An IPv6 literal needs brackets, so "::1:9090" is refused as ambiguous.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out string? host, out int port)
    {
        host = null;
        port = 0;
        string hostPart, portPart;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0) return false;
            hostPart = text[1..close];
            portPart = text[(close + 2)..];
            if (!IPAddress.TryParse(hostPart, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0) return false;
            hostPart = text[..colon];
            portPart = text[(colon + 1)..];
            if (hostPart.Contains(':') || hostPart.Contains('/')) return false;
        }
        if (portPart.Length is 0 or > 5 || !portPart.All(char.IsAsciiDigit)) return false;
        port = int.Parse(portPart, CultureInfo.InvariantCulture);
        if (port > 65535) return false;
        host = hostPart;
        return true;
    }

    /// <summary>Addresses for a host: a literal as is, localhost without asking DNS, anything else through getaddrinfo.</summary>
    public static IPAddress[] Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var literal)) return [literal];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        return Dns.GetHostAddresses(host);
    }
}
