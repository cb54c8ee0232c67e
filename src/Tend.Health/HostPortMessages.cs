using Tend.Model;

namespace Tend.Health;

/// <summary>A probe's words for an address <see cref="HostPort"/> refused, shown as the probe's result.</summary>
internal static class HostPortMessages
{
    public static string Describe(HostPortError e) => e.Fault switch
    {
        HostPortFault.Url => "a URL is not host:port",
        HostPortFault.UnclosedBracket => "missing ']' after an IPv6 address",
        HostPortFault.NotIPv6 => $"\"{e.Host}\" is not an IPv6 address",
        HostPortFault.AfterBracket => $"unexpected \"{e.PortText}\" after the IPv6 address",
        HostPortFault.UnbracketedIPv6 => "an IPv6 address must be written in brackets: [::1]:8080",
        HostPortFault.NoHost => "empty host",
        HostPortFault.BadHost => $"invalid character '{e.BadCharacter}' in host \"{e.Host}\"",
        HostPortFault.NoPort => "missing port (host:port)",
        HostPortFault.EmptyPort => "empty port",
        _ => $"invalid port \"{e.PortText}\"",
    };
}
