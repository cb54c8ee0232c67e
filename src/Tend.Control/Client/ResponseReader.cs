using System.Net.Sockets;
using Tend.Http;

namespace Tend.Control.Client;

/// <summary>Reads one response from a connected socket: the head, then the body in whichever framing it came.</summary>
internal sealed class ResponseReader(Socket socket, string target)
{
    private const int MaxHeadBytes = 64 * 1024;

    /// <summary>A Send() body larger than this is refused rather than buffered: nothing Tend answers comes close.</summary>
    private const int MaxBodyBytes = 64 << 20;

    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _filled;

    /// <summary>Reads up to the end of the head, skipping interim 1xx responses.</summary>
    public ResponseHead ReadHead(long deadline)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _filled - _start).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                if (_filled - _start > MaxHeadBytes) throw Fail("response head too large");
                if (!Fill(deadline)) throw Fail("connection closed before a response arrived");
                continue;
            }
            ResponseHead head;
            try
            {
                head = ResponseHead.Parse(_buffer.AsSpan(_start, end));
            }
            catch (FormatException e)
            {
                throw Fail("malformed response: " + Model.ErrorText.Of(e));
            }
            _start += end + 4;
            if (head.Status is >= 100 and < 200) continue; // 100 Continue and friends: the real answer follows
            return head;
        }
    }

    /// <summary>Delivers the body: chunk by chunk when chunked, else in pieces as they arrive.</summary>
    public void ReadBody(ResponseHead head, string method, long deadline, Action<ReadOnlySpan<byte>> onData)
    {
        if (!head.HasBody(method)) return;
        if (head.Chunked)
        {
            var decoder = new ChunkedDecoder();
            while (true)
            {
                try
                {
                    _start += decoder.Feed(_buffer.AsSpan(_start, _filled - _start), onData);
                }
                catch (FormatException e)
                {
                    throw Fail("malformed response: " + Model.ErrorText.Of(e));
                }
                if (decoder.IsDone) return;
                if (!Fill(deadline)) throw Fail("connection closed in the middle of the response");
            }
        }

        if (head.ContentLength() is { } length)
        {
            if (length > MaxBodyBytes) throw Fail("response too large");
            var left = length;
            while (true)
            {
                var take = (int)Math.Min(left, _filled - _start);
                if (take > 0) onData(_buffer.AsSpan(_start, take));
                _start += take;
                left -= take;
                if (left == 0) return;
                if (!Fill(deadline)) throw Fail("connection closed in the middle of the response");
            }
        }

        // Neither: the body runs until the server closes (an HTTP/1.0-style response).
        while (true)
        {
            if (_filled > _start) onData(_buffer.AsSpan(_start, _filled - _start));
            _start = _filled;
            if (!Fill(deadline)) return;
        }
    }

    /// <summary>Reads more; false at end of stream. Throws on timeout or a socket error.</summary>
    private bool Fill(long deadline)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _filled - _start).CopyTo(_buffer);
            _filled -= _start;
            _start = 0;
        }
        if (_filled == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);

        Connection.ReadOutcome outcome;
        int n;
        try
        {
            if (deadline == long.MaxValue)
            {
                socket.ReceiveTimeout = 0; // a stream may stay quiet for as long as it likes
                n = socket.Receive(_buffer.AsSpan(_filled), SocketFlags.None);
                outcome = n == 0 ? Connection.ReadOutcome.Eof : Connection.ReadOutcome.Data;
            }
            else
            {
                outcome = SocketIo.Receive(socket, _buffer.AsSpan(_filled), deadline, out n);
            }
        }
        catch (SocketException e)
        {
            throw Fail(SocketErrorText.Describe(e.SocketErrorCode, unixSocket: false), e);
        }
        if (outcome == Connection.ReadOutcome.Timeout) throw Fail("timed out waiting for the response");
        _filled += n;
        return outcome == Connection.ReadOutcome.Data;
    }

    private ControlClientException Fail(string reason, Exception? inner = null) => new($"{target}: {reason}", inner);
}
