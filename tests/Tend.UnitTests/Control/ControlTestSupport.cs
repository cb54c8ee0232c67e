using System.Net.Sockets;
using System.Text;
using Tend.Control.Client;
using Tend.Http;

namespace Tend.UnitTests.Control;

/// <summary>A private temporary directory (short, so socket paths stay under the 107-byte limit).</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tend-ctl-").FullName;

    public string File(string name = "tend.sock") => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A raw client socket, for what ControlClient is too polite to do: keep-alive, pipelining, half requests.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly ResponseReader _reader;

    public RawConnection(string socketPath)
    {
        Socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 };
        Socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        _reader = new ResponseReader(Socket, socketPath);
    }

    public Socket Socket { get; }

    public void Send(string text) => Socket.Send(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads one response (the reader keeps what follows for the next call).</summary>
    public (int Status, IReadOnlyDictionary<string, string> Headers, string Body) Read(string method = "GET")
    {
        var deadline = Environment.TickCount64 + 10_000;
        var head = _reader.ReadHead(deadline);
        var body = new StringBuilder();
        _reader.ReadBody(head, method, deadline, data => body.Append(Encoding.UTF8.GetString(data)));
        return (head.Status, head.Headers, body.ToString());
    }

    /// <summary>True when the server closed its side: the next read sees end of stream (not a timeout).</summary>
    public bool ServerClosed()
    {
        try
        {
            return Socket.Receive(new byte[64]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Dispose() => Socket.Dispose();
}

internal static class Handlers
{
    /// <summary>Answers "METHOD path key=value... body" so a test sees what the server parsed.</summary>
    public static void Echo(HttpRequest request, IResponse response)
    {
        var query = string.Join(",", request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var text = $"{request.Method} {request.Path} [{query}] {Encoding.UTF8.GetString(request.Body)}";
        response.Send(200, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Waits for <paramref name="condition"/>, polling: for effects the server does not announce (a connection slot freed).</summary>
    public static async Task Eventually(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
