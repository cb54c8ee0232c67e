using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tend.Health;

/// <summary>
/// Connect, send and receive against a <see cref="Deadline"/> with nothing but syscalls on the
/// calling thread: the socket is put in non-blocking mode and every wait is a Socket.Poll bounded
/// by what is left of the deadline. In that mode .NET calls connect/send/recv directly, so no
/// async machinery (epoll registration, thread pool) is ever involved.
/// </summary>
internal static class SocketIo
{
    /// <summary>
    /// Resolves <paramref name="host"/> (an IP literal is used as is, anything else goes through
    /// Dns.GetHostAddresses, i.e. getaddrinfo: /etc/hosts, then DNS) and connects to the first
    /// address that accepts, all within the deadline. On success <paramref name="detail"/> is
    /// "connected to 127.0.0.1:8080"; on failure a short reason.
    /// </summary>
    public static Socket? Connect(string host, int port, in Deadline deadline, out string detail)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(host);
            }
            catch (SocketException e)
            {
                detail = $"cannot resolve \"{host}\": {Describe(e.SocketErrorCode)}";
                return null;
            }
            catch (ArgumentException)
            {
                detail = $"cannot resolve \"{host}\": invalid host name";
                return null;
            }
            if (addresses.Length == 0)
            {
                detail = $"cannot resolve \"{host}\": no addresses";
                return null;
            }
            if (deadline.Expired)
            {
                // getaddrinfo cannot be bounded; it can at least not make the check pass late.
                detail = deadline.TimedOut;
                return null;
            }
        }

        detail = "no addresses";
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, port);
            var socket = TryConnect(endPoint, deadline, out detail);
            if (socket is not null)
            {
                detail = "connected to " + endPoint;
                return socket;
            }
            if (deadline.Expired) break;
        }
        return null;
    }

    private static Socket? TryConnect(IPEndPoint endPoint, in Deadline deadline, out string detail)
    {
        Socket socket;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e)
        {
            detail = Describe(e.SocketErrorCode); // e.g. IPv6 disabled in the container
            return null;
        }

        try
        {
            socket.Blocking = false;
            try
            {
                socket.Connect(endPoint);
                detail = "";
                return socket; // loopback can connect at once
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
            }

            while (true)
            {
                var wait = deadline.RemainingPollMicroseconds;
                var writable = wait > 0 && socket.Poll(wait, SelectMode.SelectWrite);
                // SO_ERROR tells how the connect ended (and clears it); 0 while still pending.
                var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (error != SocketError.Success)
                {
                    detail = Describe(error);
                    socket.Dispose();
                    return null;
                }
                if (writable)
                {
                    detail = "";
                    return socket;
                }
                if (deadline.Expired)
                {
                    detail = deadline.TimedOut;
                    socket.Dispose();
                    return null;
                }
            }
        }
        catch (SocketException e)
        {
            detail = Describe(e.SocketErrorCode);
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Sends all of <paramref name="data"/>; false with a reason on error or timeout.</summary>
    public static bool SendAll(Socket socket, ReadOnlySpan<byte> data, in Deadline deadline, out string detail)
    {
        while (!data.IsEmpty)
        {
            var sent = socket.Send(data, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                data = data[sent..];
                continue;
            }
            if (error != SocketError.WouldBlock)
            {
                detail = Describe(error);
                return false;
            }
            if (!Wait(socket, SelectMode.SelectWrite, deadline))
            {
                detail = deadline.TimedOut;
                return false;
            }
        }
        detail = "";
        return true;
    }

    /// <summary>
    /// Receives what is there (waiting for something within the deadline): the byte count, 0 at
    /// end of stream, or -1 with a reason on error or timeout.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer, in Deadline deadline, out string detail)
    {
        while (true)
        {
            var received = socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                detail = "";
                return received;
            }
            if (error != SocketError.WouldBlock)
            {
                detail = Describe(error);
                return -1;
            }
            if (!Wait(socket, SelectMode.SelectRead, deadline))
            {
                detail = deadline.TimedOut;
                return -1;
            }
        }
    }

    /// <summary>Reads and discards what has already arrived, up to <paramref name="limit"/> bytes, without waiting.</summary>
    public static void DrainAvailable(Socket socket, Span<byte> scratch, int limit)
    {
        while (limit > 0)
        {
            var received = socket.Receive(scratch[..Math.Min(scratch.Length, limit)], SocketFlags.None, out var error);
            if (error != SocketError.Success || received == 0) return;
            limit -= received;
        }
    }

    /// <summary>Waits for readiness; false once the deadline has passed (readiness is then rechecked by the caller's next call).</summary>
    private static bool Wait(Socket socket, SelectMode mode, in Deadline deadline)
    {
        var wait = deadline.RemainingPollMicroseconds;
        if (wait <= 0) return false;
        socket.Poll(wait, mode);
        return true;
    }

    /// <summary>"connection refused", "host unreachable", "address family not supported".</summary>
    public static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostNotFound => "host not found",
        SocketError.TryAgain => "temporary failure in name resolution",
        SocketError.NoData => "no address for the host",
        SocketError.AccessDenied => "permission denied",
        _ => Words(error.ToString()),
    };

    /// <summary>"NetworkUnreachable" to "network unreachable".</summary>
    private static string Words(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append(' ');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
