using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tend.UnitTests.Health;

/// <summary>Test servers on 127.0.0.1 only, each on a dedicated thread.</summary>
internal static class Loopback
{
    /// <summary>A port on 127.0.0.1 that refuses connections: bound (so nobody else takes it) but not listening.</summary>
    public static Socket ClosedPort(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}

/// <summary>What the test HTTP server does with a connection once it has read the request.</summary>
internal enum Behaviour { Respond, NeverAnswer }

/// <summary>
/// A tiny HTTP server: accepts connections on 127.0.0.1 one after the other, reads each request
/// head, then sends <see cref="Response"/> and closes, or holds the connection until disposed.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly List<Socket> _held = [];
    private readonly TaskCompletionSource<string> _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    public LoopbackHttpServer(byte[] response, Behaviour behaviour = Behaviour.Respond)
    {
        Response = response;
        Behaviour = behaviour;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _thread = new Thread(Serve) { IsBackground = true, Name = "test-http" };
        _thread.Start();
    }

    public LoopbackHttpServer(string response, Behaviour behaviour = Behaviour.Respond)
        : this(Encoding.ASCII.GetBytes(response), behaviour)
    {
    }

    public int Port { get; }
    public byte[] Response { get; }
    public Behaviour Behaviour { get; }
    public string Url(string pathAndQuery = "/") => $"http://127.0.0.1:{Port}{pathAndQuery}";

    /// <summary>The head of the first request received.</summary>
    public Task<string> FirstRequest => _firstRequest.Task;

    public int Requests => Volatile.Read(ref _requests);

    private void Serve()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // disposed
            }
            try
            {
                connection.ReceiveTimeout = 5000;
                var head = ReadHead(connection);
                Interlocked.Increment(ref _requests);
                _firstRequest.TrySetResult(head);
                if (Behaviour == Behaviour.NeverAnswer)
                {
                    lock (_held) _held.Add(connection);
                    continue;
                }
                if (Response.Length > 0) connection.Send(Response);
                connection.Shutdown(SocketShutdown.Send);
                connection.Dispose();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                connection.Dispose();
            }
        }
    }

    private static string ReadHead(Socket connection)
    {
        var head = new List<byte>();
        var buffer = new byte[1024];
        while (true)
        {
            var n = connection.Receive(buffer);
            if (n == 0) break;
            head.AddRange(buffer.AsSpan(0, n));
            var text = Encoding.ASCII.GetString([.. head]);
            if (text.Contains("\r\n\r\n")) return text;
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _thread.Join();
        lock (_held)
        {
            foreach (var socket in _held) socket.Dispose();
        }
    }
}

/// <summary>A TCP server on 127.0.0.1 that accepts every connection and closes it at once.</summary>
internal sealed class LoopbackTcpServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;

    public LoopbackTcpServer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _thread = new Thread(() =>
        {
            while (true)
            {
                try
                {
                    _listener.Accept().Dispose();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        }) { IsBackground = true, Name = "test-tcp" };
        _thread.Start();
    }

    public int Port { get; }

    public void Dispose()
    {
        _listener.Dispose();
        _thread.Join();
    }
}
