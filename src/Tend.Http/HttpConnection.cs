using System.Net.Sockets;

namespace Tend.Http;

/// <summary>
/// One client connection, served on its own thread: read a request within the deadline, call the handler,
/// answer, and repeat while the client keeps the connection alive. Requests on one connection are strictly
/// sequential (pipelined bytes wait in the buffer). Nothing escapes <see cref="Run"/>: any failure just
/// ends this connection, never the server.
/// </summary>
internal sealed class HttpConnection(Connection socket, HttpHandler handler, HttpLimits limits, Action<Connection> closed, Action<Exception>? handlerFailed = null)
{
    private const int InitialBuffer = 4096;

    /// <summary>How long to keep draining a client after an error response before the close (see LingeringClose).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private byte[] _buffer = new byte[InitialBuffer];
    private int _filled;
    private long _waitingSince = Environment.TickCount64;

    /// <summary>Since when (Environment.TickCount64) this connection waits for a request; 0 while one is served.</summary>
    public long WaitingSince => Volatile.Read(ref _waitingSince);

    public void Run()
    {
        try
        {
            socket.Prepare(limits.WriteTimeout);
            var peer = socket.Peer();
            while (ServeOne(peer))
            {
            }
        }
        catch (Exception)
        {
            // A reset, a closed socket from Dispose, a bug: this connection ends, the server goes on.
        }
        finally
        {
            SocketIo.LingeringClose(socket, Linger);
            closed(socket);
        }
    }

    /// <summary>Serves one request; true when the connection stays open for another.</summary>
    private bool ServeOne(PeerCredentials? peer)
    {
        var deadline = Environment.TickCount64 + (long)limits.ReadTimeout.TotalMilliseconds;
        if (Volatile.Read(ref _waitingSince) == 0) Volatile.Write(ref _waitingSince, Environment.TickCount64);

        HeadParseResult parsed;
        while (true)
        {
            parsed = HttpRequestParser.ParseHead(_buffer.AsSpan(0, _filled), limits);
            if (parsed.Status == ParseStatus.Error) return Refuse(parsed.Error!);
            if (parsed.Status == ParseStatus.Complete) break;
            // One byte past the limit is enough for the parser to answer 431.
            switch (ReadMore(deadline, limits.MaxHeaderBytes + 1))
            {
                case Connection.ReadOutcome.Eof: return false;
                case Connection.ReadOutcome.Timeout:
                    // A client that sent nothing (an idle keep-alive) is simply closed; half a request gets 408.
                    return _filled > 0 && Refuse(new(408, "request not received in time"));
            }
        }

        var head = parsed.Head!;
        var end = parsed.Length + head.ContentLength;
        if (_filled < end && head.ExpectContinue && !SocketIo.TrySendAll(socket, HttpResponseWriter.Continue)) return false;
        while (_filled < end)
        {
            switch (ReadMore(deadline, end))
            {
                case Connection.ReadOutcome.Eof: return false;
                case Connection.ReadOutcome.Timeout: return Refuse(new(408, "request body not received in time"));
            }
        }

        Volatile.Write(ref _waitingSince, 0); // a whole request: being served, not to be evicted
        var request = head.ToRequest(_buffer.AsSpan(parsed.Length, head.ContentLength).ToArray(), peer);
        Consume(end);

        var response = new SocketResponse(socket, head.Method == "HEAD", head.Http10, head.KeepAlive);
        try
        {
            handler(request, response);
        }
        catch (Exception e)
        {
            // A bug in a handler: this request fails (500), the server and the supervisor go on; say so.
            try { handlerFailed?.Invoke(e); } catch { }
            if (!response.Started)
            {
                response.SendErrorIfNotStarted(500, "internal error");
                return false;
            }
            response.Abort();
            return false;
        }
        response.Finish();
        return response.KeepAlive && !response.Broken;
    }

    /// <summary>Answers a refused request; the connection always closes after it, as the stream can no longer be trusted.</summary>
    private bool Refuse(HttpError error)
    {
        SocketIo.TrySendAll(socket, HttpResponseWriter.Error(error.Status, error.Reason));
        return false;
    }

    /// <summary>Reads into the buffer, growing it up to <paramref name="capacity"/> bytes in total.</summary>
    private Connection.ReadOutcome ReadMore(long deadline, int capacity)
    {
        if (_filled >= capacity) return Connection.ReadOutcome.Data; // full: the caller's parse decides
        // Grow by doubling, so memory follows the bytes that actually arrived, not the Content-Length a client claims.
        if (_filled == _buffer.Length) Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, capacity));
        var room = Math.Min(_buffer.Length, capacity) - _filled;
        var outcome = SocketIo.Receive(socket, _buffer.AsSpan(_filled, room), deadline, out var n);
        _filled += n;
        return outcome;
    }

    /// <summary>Drops one request from the buffer, keeping any pipelined bytes, and gives back a body-sized buffer.</summary>
    private void Consume(int count)
    {
        var left = _filled - count;
        if (_buffer.Length > InitialBuffer * 4 && left <= InitialBuffer)
        {
            var small = new byte[InitialBuffer];
            _buffer.AsSpan(count, left).CopyTo(small);
            _buffer = small;
        }
        else
        {
            _buffer.AsSpan(count, left).CopyTo(_buffer);
        }
        _filled = left;
    }
}
