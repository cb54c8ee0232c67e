using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tend.Http;
using Tend.Model;

namespace Tend.Control.Client;

/// <summary>
/// The client side of the control API, for `tend ctl`: one connection per request (Connection: close),
/// blocking I/O, no HttpClient. Every failure is a <see cref="ControlClientException"/> whose message reads
/// like "cannot connect to /run/tend.sock: no such file or directory (is tend running?)".
/// </summary>
public sealed class ControlClient
{
    private readonly string _target;
    private readonly TimeSpan _timeout;
    private readonly string? _host; // null: _target is a Unix socket path
    private readonly int _port;

    /// <param name="socketPathOrHostPort">
    /// A Unix socket path, or "host:port" for TCP. Anything with a '/' is a path; so is anything that does
    /// not read as host:port (a bare "tend.sock").
    /// </param>
    /// <param name="timeout">Bound on connecting plus the whole exchange (for a stream: until its head arrives).</param>
    public ControlClient(string socketPathOrHostPort, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPathOrHostPort);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");
        _target = socketPathOrHostPort;
        _timeout = timeout;
        if (!socketPathOrHostPort.Contains('/') && HostPort.TryParse(socketPathOrHostPort, HostPortRules.Listen, out var host, out var port, out _))
        {
            _host = host;
            _port = port;
        }
    }

    /// <summary>Sends one request and reads the whole response. Any status is returned; only transport failures throw.</summary>
    public (int Status, string ContentType, byte[] Body) Send(string method, string pathAndQuery, ReadOnlySpan<byte> body = default,
        string contentType = "application/json")
    {
        var request = BuildRequest(method, pathAndQuery, body, contentType);
        var deadline = Deadline();
        using var socket = Connect(deadline);
        Write(socket, request, deadline);
        var reader = new ResponseReader(socket, _target);
        var head = reader.ReadHead(deadline);
        var received = new ArrayBufferWriter<byte>();
        reader.ReadBody(head, method, deadline, data => received.Write(data));
        return (head.Status, head.ContentType, received.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Sends a request and hands the response body to <paramref name="onChunk"/> as it arrives, one chunk per
    /// call for a chunked response (a non-chunked one, like an error, comes in pieces). Returns the status when
    /// the server ends the body, or as soon as <paramref name="cancel"/> fires; cancelling before the response
    /// head arrived throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public int Stream(string method, string pathAndQuery, Action<ReadOnlySpan<byte>> onChunk, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(onChunk);
        var request = BuildRequest(method, pathAndQuery, default, null);
        cancel.ThrowIfCancellationRequested();
        var deadline = Deadline();
        using var socket = Connect(deadline);
        // Cancelling shuts the socket down, which wakes the receive blocked below; that is all it has to do.
        using var registration = cancel.Register(static state => ShutdownQuietly((Socket)state!), socket);
        ResponseHead? head = null;
        try
        {
            Write(socket, request, deadline);
            var reader = new ResponseReader(socket, _target);
            head = reader.ReadHead(deadline);
            reader.ReadBody(head, method, long.MaxValue, onChunk); // a live stream may be quiet for hours
            return head.Status;
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is not OperationCanceledException)
        {
            if (head is null) throw new OperationCanceledException(cancel);
            return head.Status;
        }
    }

    private long Deadline() => _timeout == Timeout.InfiniteTimeSpan
        ? long.MaxValue
        : Environment.TickCount64 + (long)_timeout.TotalMilliseconds;

    private static int Remaining(long deadline)
    {
        if (deadline == long.MaxValue) return 0; // 0: no timeout
        return (int)Math.Clamp(deadline - Environment.TickCount64, 1, int.MaxValue);
    }

    private Socket Connect(long deadline)
    {
        if (_host is null)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                // On Linux SO_SNDTIMEO also bounds connect(), which blocks when the server's backlog is full.
                socket.SendTimeout = Remaining(deadline);
                socket.Connect(UnixSocketFile.EndPoint(_target));
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw ConnectFailed(e.SocketErrorCode, unixSocket: true, e);
            }
            catch (ArgumentException e)
            {
                socket.Dispose();
                throw new ControlClientException($"cannot connect to {_target}: {Model.ErrorText.Of(e)}", e);
            }
        }

        IPAddress[] addresses;
        try
        {
            addresses = HostAddresses.Resolve(_host);
        }
        catch (SocketException e)
        {
            throw ConnectFailed(SocketError.HostNotFound, unixSocket: false, e);
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SendTimeout = Remaining(deadline);
                socket.NoDelay = true;
                socket.Connect(new IPEndPoint(address, _port));
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw ConnectFailed(last?.SocketErrorCode ?? SocketError.HostNotFound, unixSocket: false, last);
    }

    private ControlClientException ConnectFailed(SocketError error, bool unixSocket, Exception? inner) =>
        new(ConnectFailureMessage(_target, error, unixSocket), inner);

    /// <summary>The message for a failed connect, with a hint where the likely cause is that Tend is not running.</summary>
    internal static string ConnectFailureMessage(string target, SocketError error, bool unixSocket)
    {
        var reason = SocketErrorText.Describe(error, unixSocket);
        var notRunning = error == SocketError.ConnectionRefused || unixSocket && error == SocketError.AddressNotAvailable;
        return $"cannot connect to {target}: {reason}" + (notRunning ? " (is tend running?)" : "");
    }

    private void Write(Socket socket, byte[] request, long deadline)
    {
        try
        {
            socket.SendTimeout = Remaining(deadline);
            if (!SocketIo.TrySendAll(socket, request)) throw new ControlClientException($"{_target}: connection closed while sending the request");
        }
        catch (SocketException e)
        {
            throw new ControlClientException($"{_target}: {SocketErrorText.Describe(e.SocketErrorCode, unixSocket: false)}", e);
        }
    }

    private byte[] BuildRequest(string method, string pathAndQuery, ReadOnlySpan<byte> body, string? contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        if (!method.All(char.IsAsciiLetterUpper)) throw new ArgumentException("method must be an upper-case token", nameof(method));
        // The caller percent-encodes: a space or a CR/LF here would split or inject into the request line.
        if (pathAndQuery[0] != '/' || pathAndQuery.Any(c => c is <= ' ' or >= (char)0x7F))
            throw new ArgumentException("path must start with '/' and be percent-encoded printable ASCII", nameof(pathAndQuery));
        if (contentType is not null) HttpResponseWriter.ValidateContentType(contentType);

        var host = _host is null ? "localhost" : _target;
        var head = new StringBuilder(160);
        head.Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(host).Append("\r\n");
        head.Append("User-Agent: tend\r\n");
        head.Append("Connection: close\r\n");
        if (!body.IsEmpty || method is "POST" or "PUT" or "PATCH")
        {
            if (contentType is not null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }
        head.Append("\r\n");

        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var request = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(request, 0);
        body.CopyTo(request.AsSpan(headBytes.Length));
        return request;
    }

    private static void ShutdownQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
