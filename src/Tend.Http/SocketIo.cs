using System.Net.Sockets;

namespace Tend.Http;

/// <summary>Blocking socket helpers shared by the server's threads: whole sends, deadline reads, polite closes.</summary>
internal static class SocketIo
{
    /// <summary>
    /// One receive that gives up at <paramref name="deadline"/> (Environment.TickCount64). The wait is
    /// set to what is left before each call, so a client trickling a byte at a time still meets the
    /// overall bound.
    /// </summary>
    public static Connection.ReadOutcome Receive(Connection connection, Span<byte> buffer, long deadline, out int read) =>
        connection.Receive(buffer, deadline, out read);

    /// <summary>The same on a client's .NET Socket (`tend ctl`, a short-lived process).</summary>
    public static Connection.ReadOutcome Receive(Socket socket, Span<byte> buffer, long deadline, out int read) =>
        Connection.Of(socket).Receive(buffer, deadline, out read);

    /// <summary>The same on a client's .NET Socket.</summary>
    public static bool TrySendAll(Socket socket, ReadOnlySpan<byte> data) => TrySendAll(Connection.Of(socket), data);

    /// <summary>Sends everything or returns false (peer gone, send timeout, socket closed by Dispose).</summary>
    public static bool TrySendAll(Connection connection, ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = connection.Send(data);
                if (n <= 0) return false;
                data = data[n..];
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Closes after the response has been sent. Closing with unread request bytes still queued makes the
    /// kernel send RST, and an RST can destroy the response before the client reads it (the 413 or 503 it
    /// needed to see). So: half-close our side, read and discard until the client closes, bounded in bytes
    /// and time, then close.
    /// </summary>
    public static void LingeringClose(Connection connection, TimeSpan linger)
    {
        try
        {
            connection.ShutdownSend();
            var deadline = Environment.TickCount64 + (long)linger.TotalMilliseconds;
            Span<byte> sink = stackalloc byte[2048];
            for (var drained = 0; drained < 64 * 1024;)
            {
                if (Receive(connection, sink, deadline, out var n) != Connection.ReadOutcome.Data) break;
                drained += n;
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// True once the peer has closed or reset: the socket reads as ready yet holds no bytes. A peer that
    /// pipelined its next request has bytes waiting, so it still counts as present. Over TCP a FIN cannot be
    /// told from a half-close, so a client that shuts down its sending side after the request counts as
    /// gone too (Go's net/http cancels the request the same way).
    /// </summary>
    public static bool PeerGone(Connection connection)
    {
        try
        {
            return connection.PeerGone();
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
