using System.Net.Sockets;

namespace Tend.Http;

/// <summary>
/// The <see cref="IResponse"/> of one request on one connection. Misuse (two answers, a bad status) throws;
/// a client that went away does not: the response just records that the connection is broken.
/// </summary>
internal sealed class SocketResponse(Connection socket, bool headRequest, bool http10, bool keepAlive) : IResponse
{
    /// <summary>Bodies up to this size go out in the same send as the head: one segment, no Nagle stall.</summary>
    private const int CoalesceLimit = 16 * 1024;

    private ChunkedResponseStream? _stream;

    public bool Started { get; private set; }

    /// <summary>Whether the connection may carry another request after this response.</summary>
    public bool KeepAlive { get; private set; } = keepAlive;

    /// <summary>A send failed: the client is gone or stuck; the connection must be closed.</summary>
    public bool Broken { get; private set; }

    public void Send(int status, string contentType, ReadOnlySpan<byte> body, IReadOnlyList<string>? headers, bool close)
    {
        HttpResponseWriter.ValidateStatus(status);
        HttpResponseWriter.ValidateContentType(contentType);
        var extra = ExtraHeaders(headers);
        Start();
        if (close) KeepAlive = false;
        var head = HttpResponseWriter.Head(status, contentType, body.Length, chunked: false, KeepAlive, extra);
        if (headRequest || HttpStatus.ForbidsBody(status)) body = default;

        if (body.Length <= CoalesceLimit)
        {
            var all = new byte[head.Length + body.Length];
            head.CopyTo(all, 0);
            body.CopyTo(all.AsSpan(head.Length));
            TrySend(all);
        }
        else if (TrySend(head))
        {
            TrySend(body);
        }
    }

    public IChunkedStream BeginChunked(int status, string contentType, IReadOnlyList<string>? headers)
    {
        HttpResponseWriter.ValidateStatus(status);
        HttpResponseWriter.ValidateContentType(contentType);
        var extra = ExtraHeaders(headers);
        Start();
        // HTTP/1.0 has no chunked coding: the body runs until the connection closes.
        if (http10) KeepAlive = false;
        var noBody = headRequest || HttpStatus.ForbidsBody(status);
        var head = HttpResponseWriter.Head(status, contentType, contentLength: null, chunked: !http10 && !HttpStatus.ForbidsBody(status), KeepAlive, extra);
        TrySend(head);
        _stream = new ChunkedResponseStream(this, socket, framed: !http10, noBody);
        return _stream;
    }

    /// <summary>Sends a plain-text error unless the handler already started answering.</summary>
    public void SendErrorIfNotStarted(int status, string reason)
    {
        if (Started) return;
        KeepAlive = false;
        Started = true;
        TrySend(HttpResponseWriter.Error(status, reason, includeBody: !headRequest));
    }

    /// <summary>After the handler returned: a forgotten response is a handler bug (500); an open stream is ended.</summary>
    public void Finish()
    {
        SendErrorIfNotStarted(500, "internal error: the handler sent no response");
        _stream?.Dispose();
    }

    /// <summary>The handler threw halfway through its answer: the response cannot be completed honestly.</summary>
    public void Abort()
    {
        KeepAlive = false;
        Broken = true;
        _stream?.Abandon();
    }

    internal bool TrySend(ReadOnlySpan<byte> data)
    {
        if (Broken) return false;
        if (SocketIo.TrySendAll(socket, data)) return true;
        Broken = true;
        KeepAlive = false;
        return false;
    }

    internal void MarkBroken()
    {
        Broken = true;
        KeepAlive = false;
    }

    /// <summary>Joined header lines; a line with CR or LF (response splitting) or no colon is a handler bug.</summary>
    private static string? ExtraHeaders(IReadOnlyList<string>? headers)
    {
        if (headers is null || headers.Count == 0) return null;
        var sb = new System.Text.StringBuilder();
        foreach (var h in headers)
        {
            if (h.AsSpan().IndexOfAny('\r', '\n') >= 0 || h.IndexOf(':') <= 0)
                throw new ArgumentException($"not a header line: {h}", nameof(headers));
            sb.Append(h).Append("\r\n");
        }
        return sb.ToString();
    }

    private void Start()
    {
        if (Started) throw new InvalidOperationException("the response was already sent");
        Started = true;
    }
}
