using System.Net;

namespace Tend.Http;

/// <summary>The addresses behind a host read by <see cref="Model.HostPort"/> (with <see cref="Model.HostPortRules.Listen"/>).</summary>
internal static class HostAddresses
{
    /// <summary>Addresses for a host: a literal as is, localhost without asking DNS, anything else through getaddrinfo.</summary>
    public static IPAddress[] Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var literal)) return [literal];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        return Dns.GetHostAddresses(host);
    }
}
