using Tend.Model;

namespace Tend.Config;

/// <summary>
/// tend.yaml's and the command line's words for an address <see cref="HostPort"/> refused: the
/// text as written, what is wrong with it and an example of what would do.
/// </summary>
public static class HostPortMessages
{
    public const string PortRange = "a port is a number between 1 and 65535";

    /// <summary>Checks <paramref name="text"/> (trimmed) as an address; the error's hint shows <paramref name="example"/>.</summary>
    public static bool TryCheck(string text, string example, out (string Message, string Hint) error)
    {
        if (HostPort.TryParse(text.Trim(), HostPortRules.Address, out _, out _, out var refused))
        {
            error = default;
            return true;
        }
        error = Describe(refused, example);
        return false;
    }

    public static (string Message, string Hint) Describe(HostPortError e, string example)
    {
        var s = e.Text;
        var expected = $"expected host:port, e.g. {example}";
        return e.Fault switch
        {
            HostPortFault.Url => ($"'{s}' is a URL, not host:port", $"write only the host and port, e.g. {example}"),
            HostPortFault.UnclosedBracket or HostPortFault.AfterBracket or HostPortFault.NotIPv6
                or HostPortFault.NoPort when e.Bracketed =>
                ($"'{s}' is not host:port", "write an IPv6 address in brackets followed by the port, e.g. [::1]:8080"),
            HostPortFault.NoPort => ($"'{s}' has no port", expected),
            HostPortFault.UnbracketedIPv6 => ($"'{s}' has an IPv6 address without brackets", "write it in brackets, e.g. [::1]:8080"),
            HostPortFault.NoHost => ($"'{s}' has no host", expected),
            HostPortFault.BadHost => ($"invalid host '{e.Host}' in '{s}'", expected),
            HostPortFault.PortOutOfRange => ($"port {e.Port} is out of range in '{s}'", PortRange),
            _ => ($"invalid port '{e.PortText}' in '{s}'", PortRange),
        };
    }
}
