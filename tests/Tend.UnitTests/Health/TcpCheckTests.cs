using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tend.Health;

namespace Tend.UnitTests.Health;

public class TcpCheckTests
{
    [Fact(Timeout = 30_000)]
    public async Task Run_ListeningPort_Succeeds()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var result = await Task.Run(() => TcpCheck.Run($"127.0.0.1:{port}", TimeSpan.FromSeconds(10)));

        Assert.Equal(new ProbeResult(true, $"connected to 127.0.0.1:{port}"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_EmptyHost_MeansLoopback()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var result = await Task.Run(() => TcpCheck.Run($":{port}", TimeSpan.FromSeconds(10)));

        Assert.Equal(new ProbeResult(true, $"connected to 127.0.0.1:{port}"), result);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_Localhost_IsResolved()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        // localhost may resolve to ::1 first (refused here): the next address is tried.
        var result = await Task.Run(() => TcpCheck.Run($"localhost:{port}", TimeSpan.FromSeconds(10)));

        Assert.True(result.Success, result.Detail);
        Assert.Equal($"connected to 127.0.0.1:{port}", result.Detail);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_ClosedPort_IsRefused()
    {
        using var closed = Loopback.ClosedPort(out var port);

        var result = await Task.Run(() => TcpCheck.Run($"127.0.0.1:{port}", TimeSpan.FromSeconds(10)));

        Assert.Equal(new ProbeResult(false, "connection refused"), result);
    }

    /// <summary>
    /// A connect that never completes, on loopback: when a listener's accept queue is full, Linux
    /// drops incoming SYNs (the client retries after a second), so the connect stays pending.
    /// </summary>
    [Fact(Timeout = 20_000)]
    public async Task Run_FullAcceptQueue_TimesOut()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            // Fill the queue: connect until a connect no longer completes at once.
            var full = false;
            for (var i = 0; i < 16 && !full; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try { filler.Connect(new IPEndPoint(IPAddress.Loopback, port)); }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress) { }
                full = !filler.Poll(200_000, SelectMode.SelectWrite);
            }
            Assert.True(full, "the accept queue never filled up");

            var stopwatch = Stopwatch.StartNew();
            var result = await Task.Run(() => TcpCheck.Run($"127.0.0.1:{port}", TimeSpan.FromMilliseconds(300)));
            stopwatch.Stop();

            Assert.Equal(new ProbeResult(false, "timed out after 300 ms"), result);
            Assert.InRange(stopwatch.ElapsedMilliseconds, 280, 2_000);
        }
        finally
        {
            foreach (var filler in fillers) filler.Dispose();
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "missing port (host:port)")]
    [InlineData("127.0.0.1:", "empty port")]
    [InlineData("127.0.0.1:0", "invalid port \"0\"")]
    [InlineData("127.0.0.1:65536", "invalid port \"65536\"")]
    [InlineData("127.0.0.1:80x", "invalid port \"80x\"")]
    [InlineData("127.0.0.1:-1", "invalid port \"-1\"")]
    [InlineData("::1:80", "an IPv6 address must be written in brackets: [::1]:8080")]
    [InlineData("[::1:80", "missing ']' after an IPv6 address")]
    [InlineData("[127.0.0.1]:80", "\"127.0.0.1\" is not an IPv6 address")]
    [InlineData("[::1]x:80", "unexpected \"x:80\" after the IPv6 address")]
    [InlineData("bad host:80", "invalid character ' ' in host \"bad host\"")]
    public void Run_InvalidAddress_FailsWithoutConnecting(string address, string error)
    {
        var result = TcpCheck.Run(address, TimeSpan.FromSeconds(1));
        Assert.Equal(new ProbeResult(false, $"invalid address \"{address}\": {error}"), result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Run_NoAddress_Fails(string? address)
    {
        Assert.Equal(new ProbeResult(false, "no address to connect to"), TcpCheck.Run(address!, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(1, "1 ms")]
    [InlineData(250, "250 ms")]
    [InlineData(1_000, "1 s")]
    [InlineData(1_500, "1.5 s")]
    [InlineData(30_000, "30 s")]
    public void Durations_AreWrittenShort(int ms, string expected)
    {
        Assert.Equal(expected, Deadline.Format(TimeSpan.FromMilliseconds(ms)));
    }
}
