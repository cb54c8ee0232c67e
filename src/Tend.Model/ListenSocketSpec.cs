using System.Net;
using System.Net.Sockets;

namespace Tend.Model;

/// <summary>
/// A listening socket Tend binds for a program once and hands to every start of it (tend.yaml's
/// <c>sockets:</c>), by systemd's socket-activation protocol: descriptors from 3, LISTEN_FDS,
/// LISTEN_PID, LISTEN_FDNAMES. While the program is down the kernel queues connections in the
/// socket's backlog instead of refusing them. <see cref="Address"/> is the canonical form
/// (<c>tcp://0.0.0.0:8080</c>, <c>tcp://[::]:8080</c>, <c>unix:/run/app.sock</c>) and identifies
/// the socket: a reload that keeps the address keeps the socket.
/// </summary>
public sealed record ListenSocketSpec
{
    public required string Address { get; init; }

    /// <summary>The name in LISTEN_FDNAMES (systemd's FileDescriptorName); the program's name unless written as NAME=ADDRESS.</summary>
    public required string Name { get; init; }

    /// <summary>An IP address (TCP), or null for a Unix socket.</summary>
    public IPAddress? Host { get; init; }

    public int Port { get; init; }

    /// <summary>The Unix socket's path, or null for TCP.</summary>
    public string? Path { get; init; }

    /// <summary>Where it was written; not part of its identity.</summary>
    public SourceLocation? DefinedAt { get; init; }

    public bool IsUnix => Path is not null;

    public const string TcpScheme = "tcp://", UnixScheme = "unix:";

    /// <summary>What an address may look like, for error messages.</summary>
    public const string Expected = "expected tcp://ADDRESS:PORT (an IP address: tcp://0.0.0.0:8080, tcp://[::]:8080) or unix:/ABSOLUTE/PATH, optionally NAME= before it";

    /// <summary>Reads <c>[NAME=]tcp://IP:PORT</c> or <c>[NAME=]unix:/PATH</c>; null with <paramref name="error"/> when it is neither.</summary>
    public static ListenSocketSpec? TryParse(string text, string defaultName, out string? error)
    {
        error = null;
        var name = defaultName;
        var address = text.Trim();
        var equals = address.IndexOf('=');
        var scheme = address.IndexOf(':');
        if (equals > 0 && (scheme < 0 || equals < scheme))
        {
            name = address[..equals];
            address = address[(equals + 1)..];
            if (!IsValidName(name))
            {
                error = $"the name '{name}' may hold letters, digits, '.', '_' and '-' only (at most 255)";
                return null;
            }
        }
        if (address.StartsWith(UnixScheme, StringComparison.Ordinal)) return Unix(address[UnixScheme.Length..], name, out error);
        if (address.StartsWith(TcpScheme, StringComparison.Ordinal)) return Tcp(address[TcpScheme.Length..], name, out error);
        error = Expected;
        return null;
    }

    /// <summary>systemd's rule for a descriptor name, narrowed: no ':' (the separator), nothing a shell or a log would mangle.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ListenSocketSpec? Unix(string path, string name, out string? error)
    {
        error = null;
        if (!path.StartsWith('/') || path.Contains('\0') || path.EndsWith('/'))
        {
            error = "a Unix socket needs an absolute path to a file, e.g. unix:/run/app.sock";
            return null;
        }
        if (System.Text.Encoding.UTF8.GetByteCount(path) > 107)
        {
            error = "a Unix socket path is at most 107 bytes";
            return null;
        }
        return new ListenSocketSpec { Address = UnixScheme + path, Name = name, Path = path };
    }

    private static ListenSocketSpec? Tcp(string hostPort, string name, out string? error)
    {
        error = null;
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            error = "no port: " + Expected;
            return null;
        }
        var hostText = hostPort[..colon];
        var portText = hostPort[(colon + 1)..];
        var bracketed = hostText.StartsWith('[') && hostText.EndsWith(']');
        if (bracketed) hostText = hostText[1..^1];
        if (!IPAddress.TryParse(hostText, out var host) || hostText.Contains('%')
            || (host.AddressFamily == AddressFamily.InterNetworkV6) != bracketed
            || (host.AddressFamily == AddressFamily.InterNetwork && hostText.Count(c => c == '.') != 3))
        {
            error = $"'{hostText}' is not an IP address (IPv6 in brackets): " + Expected;
            return null;
        }
        if (!(portText.Length is > 0 and <= 5 && portText.All(char.IsAsciiDigit)) || int.Parse(portText) is < 1 or > 65535)
        {
            error = $"'{portText}' is not a port from 1 to 65535";
            return null;
        }
        var port = int.Parse(portText);
        var canonical = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return new ListenSocketSpec { Address = $"{TcpScheme}{canonical}:{port}", Name = name, Host = host, Port = port };
    }

    /// <summary>The address, and the name when it is not <paramref name="defaultName"/>: how tend.yaml writes it.</summary>
    public string ToText(string defaultName) => Name == defaultName ? Address : $"{Name}={Address}";
}
