using System.Net.Sockets;

namespace Tend.Http;

/// <summary>
/// strerror-style text for socket failures. Our own table because the runtime's messages are resource keys
/// in the published binary (UseSystemResourceKeys), and because .NET folds ENOENT on a Unix socket
/// connect into AddressNotAvailable, which only the caller can read back as "no such file or directory".
/// </summary>
internal static class SocketErrorText
{
    public static string Describe(SocketError error, bool unixSocket) => error switch
    {
        SocketError.AddressNotAvailable when unixSocket => "no such file or directory",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        SocketError.AccessDenied => "permission denied",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.TimedOut or SocketError.WouldBlock or SocketError.InProgress => "timed out",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.Shutdown => "broken pipe",
        SocketError.HostUnreachable => "no route to host",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.NetworkUnreachable => "network is unreachable",
        SocketError.TooManyOpenSockets => "too many open files",
        SocketError.NoBufferSpaceAvailable => "no buffer space available",
        SocketError.AddressFamilyNotSupported => "address family not supported",
        _ => "socket error " + error,
    };
}
