using System.Net.Sockets;

namespace Tend.Http;

/// <summary>Blocking socket helpers shared by the server's threads: whole sends, deadline reads, polite closes.</summary>
internal static class SocketIo
{
    public enum ReadOutcome { Data, Eof, Timeout }

    /// <summary>
    /// One receive that gives up at <paramref name="deadline"/> (Environment.TickCount64). SO_RCVTIMEO is set
    /// to what is left before each call, so a client trickling a byte at a time still meets the overall bound.
    /// </summary>
    public static ReadOutcome Receive(Socket socket, Span<byte> buffer, long deadline, out int read)
    {
        read = 0;
        var left = deadline - Environment.TickCount64;
        if (left <= 0) return ReadOutcome.Timeout;
        socket.ReceiveTimeout = (int)Math.Min(left, int.MaxValue);
        try
        {
            read = socket.Receive(buffer, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return ReadOutcome.Timeout;
        }
        return read == 0 ? ReadOutcome.Eof : ReadOutcome.Data;
    }

    /// <summary>Sends everything or returns false (peer gone, send timeout, socket closed by Dispose).</summary>
    public static bool TrySendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var n = socket.Send(data, SocketFlags.None);
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
    public static void LingeringClose(Socket socket, TimeSpan linger)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            var deadline = Environment.TickCount64 + (long)linger.TotalMilliseconds;
            Span<byte> sink = stackalloc byte[2048];
            for (var drained = 0; drained < 64 * 1024;)
            {
                if (Receive(socket, sink, deadline, out var n) != ReadOutcome.Data) break;
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
            socket.Dispose();
        }
    }

    /// <summary>
    /// True once the peer has closed or reset: the socket reads as ready yet holds no bytes. A peer that
    /// pipelined its next request has bytes waiting, so it still counts as present. Over TCP a FIN cannot be
    /// told from a half-close, so a client that shuts down its sending side after the request counts as
    /// gone too (Go's net/http cancels the request the same way).
    /// </summary>
    public static bool PeerGone(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
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
