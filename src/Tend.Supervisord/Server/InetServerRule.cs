using Tend.Model;

namespace Tend.Supervisord.Server;

/// <summary>
/// supervisord policy for [inet_http_server]: supervisorctl over TCP can stop and start everything,
/// so off loopback it needs a username and password. The configuration reader refuses such a file
/// already; the server checks again so that no other path can open it.
/// </summary>
public static class InetServerRule
{
    /// <summary>Why the server must not listen, or null when it may.</summary>
    public static string? Refusal(InetHttpServerSettings inet) => !inet.IsLoopback && !inet.IsAuthenticated
        ? "[inet_http_server] on an address other than loopback needs username and password (or set port=127.0.0.1:PORT)"
        : null;

    /// <summary>The address to listen on, "host:port"; supervisord's "" and "*" mean every interface.</summary>
    public static string Address(InetHttpServerSettings inet) => $"{(inet.Host is "" or "*" ? "0.0.0.0" : inet.Host)}:{inet.Port}";
}
