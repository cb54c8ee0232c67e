using System.Net.Sockets;

namespace Tend.Http;

/// <summary>
/// The body of a chunked response: one frame per <see cref="TryWrite"/>, so a client sees each chunk as
/// soon as it is produced. Locked, because a producer on another thread may race the connection ending it.
/// </summary>
internal sealed class ChunkedResponseStream(SocketResponse response, Connection socket, bool framed, bool noBody) : IChunkedStream
{
    private readonly Lock _lock = new();
    private byte[] _frame = new byte[256];
    private bool _ended;

    public bool TryWrite(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            // A HEAD request (or a 204) wants no body: tell the producer to stop right away.
            if (_ended || noBody || response.Broken) return false;

            // Ask the socket before writing: the first write after the client left would still be buffered
            // "successfully", and the producer would only learn one chunk later.
            if (SocketIo.PeerGone(socket))
            {
                response.MarkBroken();
                return false;
            }
            if (chunk.IsEmpty) return true; // a zero-length chunk would end the body; nothing to send

            if (!framed) return response.TrySend(chunk);

            // "{hex}\r\n" + data + "\r\n" in one send: one syscall, and never a frame split by an interleaved write.
            var needed = chunk.Length + 12;
            if (_frame.Length < needed) _frame = new byte[Math.Max(needed, _frame.Length * 2)];
            var n = HttpResponseWriter.ChunkPrefix(_frame, chunk.Length);
            chunk.CopyTo(_frame.AsSpan(n));
            n += chunk.Length;
            _frame[n++] = (byte)'\r';
            _frame[n++] = (byte)'\n';
            var sent = response.TrySend(_frame.AsSpan(0, n));
            if (_frame.Length > 64 * 1024) _frame = new byte[256]; // do not pin a large buffer for a long stream
            return sent;
        }
    }

    /// <summary>Ends the body: the last chunk for HTTP/1.1; for HTTP/1.0 the connection's close does it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_ended) return;
            _ended = true;
            if (framed && !noBody) response.TrySend(HttpResponseWriter.LastChunk);
        }
    }

    /// <summary>Stops the stream without the last chunk, so the client sees a truncated body, not a complete one.</summary>
    internal void Abandon()
    {
        lock (_lock) _ended = true;
    }
}
