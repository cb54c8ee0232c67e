using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tend.Model;

/// <summary>
/// The one reader of "host:port" (issue 17: there were four). tend.yaml's addresses and the
/// --address options, the HTTP listener and control client, the health probes and supervisord.conf's
/// [inet_http_server] port= all split here; what each accepts beyond the common grammar is a
/// <see cref="HostPortRules"/> preset, so a difference between them is a named rule rather than
/// a second parser. Only the form is checked; names are resolved when used. Failures are a
/// <see cref="HostPortError"/> that each user words in its own voice.
/// </summary>
public static class HostPort
{
    /// <summary>Splits <paramref name="text"/> (not trimmed: callers that allow blanks trim first).</summary>
    public static bool TryParse(string text, HostPortRules rules, out string host, out int port, [NotNullWhen(false)] out HostPortError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        host = "";
        port = 0;
        error = null;
        HostPortError Fail(HostPortFault fault, string h = "", string p = "", bool bracketed = false) =>
            new(fault, text, h, p, bracketed);

        if (rules.Brackets && text.Contains("://", StringComparison.Ordinal))
        {
            error = Fail(HostPortFault.Url);
            return false;
        }

        string hostText;
        string? portText;
        var bracketed = rules.Brackets && text.StartsWith('[');
        if (bracketed)
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = Fail(HostPortFault.UnclosedBracket, bracketed: true);
                return false;
            }
            hostText = text[1..close];
            if (rules.BracketsHoldIPv6 && !(IPAddress.TryParse(hostText, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6))
            {
                error = Fail(HostPortFault.NotIPv6, hostText, bracketed: true);
                return false;
            }
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                error = Fail(HostPortFault.AfterBracket, hostText, rest, bracketed: true);
                return false;
            }
            portText = rest.Length == 0 ? null : rest[1..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                // "9001" is a port for supervisord, "example.com" a host for a URL authority.
                if (!rules.BarePort && rules.DefaultPort is null)
                {
                    error = Fail(HostPortFault.NoPort, text);
                    return false;
                }
                hostText = rules.BarePort ? "" : text;
                portText = rules.BarePort ? text : null;
            }
            else
            {
                hostText = text[..colon];
                portText = text[(colon + 1)..];
            }
            if (rules.LowercaseHost) hostText = hostText.ToLowerInvariant();
            if (rules.EveryInterface is { } every && hostText == every) hostText = "";
            if (!rules.UnbracketedIPv6 && hostText.Contains(':'))
            {
                error = Fail(HostPortFault.UnbracketedIPv6, hostText, portText ?? "");
                return false;
            }
        }

        if (hostText.Length == 0)
        {
            if (rules.EmptyHostMeans is not { } instead)
            {
                error = Fail(HostPortFault.NoHost, hostText, portText ?? "", bracketed);
                return false;
            }
            hostText = instead;
        }
        else if (!(bracketed && rules.BracketsHoldIPv6) && FirstBadCharacter(hostText, rules.HostCharacters) is { } bad)
        {
            error = Fail(HostPortFault.BadHost, hostText, portText ?? "", bracketed) with { BadCharacter = bad };
            return false;
        }

        if (portText is null)
        {
            if (rules.DefaultPort is not { } defaultPort)
            {
                error = Fail(HostPortFault.NoPort, hostText, "", bracketed);
                return false;
            }
            host = hostText;
            port = defaultPort;
            return true;
        }
        if (portText.Length == 0)
        {
            error = Fail(HostPortFault.EmptyPort, hostText, "", bracketed);
            return false;
        }
        long? number = rules.PortNumber is { } read ? read(portText)
            : portText.Length <= rules.MaxPortDigits && portText.All(char.IsAsciiDigit)
                ? long.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture) : null;
        if (number is not { } n)
        {
            error = Fail(HostPortFault.BadPort, hostText, portText, bracketed);
            return false;
        }
        if (n < (rules.PortZero ? 0 : 1) || n > 65535)
        {
            error = Fail(HostPortFault.PortOutOfRange, hostText, portText, bracketed) with { Port = n };
            return false;
        }
        host = hostText;
        port = (int)n;
        return true;
    }

    private static char? FirstBadCharacter(string host, HostCharacters allowed)
    {
        foreach (var c in host)
        {
            var ok = allowed switch
            {
                HostCharacters.Any => true,
                HostCharacters.NoSlash => c != '/',
                HostCharacters.NoBlankSlashOrNul => !(char.IsWhiteSpace(c) || c is '/' or '\0'),
                _ => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_',
            };
            if (!ok) return c;
        }
        return null;
    }
}
