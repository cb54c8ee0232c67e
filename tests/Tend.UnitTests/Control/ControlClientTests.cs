using System.Net;
using System.Net.Sockets;
using Tend.Control.Client;
using Tend.Http;

namespace Tend.UnitTests.Control;

/// <summary>The client's failures, which `tend ctl` prints as they are.</summary>
public class ControlClientTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 15_000)]
    public async Task MissingSocket_SaysSoAndAsksIfTendRuns()
    {
        using var dir = new TempDir();
        var path = dir.File("missing.sock");
        var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => new ControlClient(path, ClientTimeout).Send("GET", "/")));
        Assert.Equal($"cannot connect to {path}: no such file or directory (is tend running?)", e.Message);
    }

    [Fact(Timeout = 15_000)]
    public async Task NobodyListening_IsConnectionRefused()
    {
        using var dir = new TempDir();
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(dir.File()));
        var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/")));
        Assert.Equal($"cannot connect to {dir.File()}: connection refused (is tend running?)", e.Message);
    }

    [Fact(Timeout = 15_000)]
    public async Task TcpNobodyListening_IsConnectionRefused()
    {
        // Bound but not listening: the port is ours, so nobody else can be answering on it.
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = $"127.0.0.1:{((IPEndPoint)bound.LocalEndPoint!).Port}";
        var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => new ControlClient(target, ClientTimeout).Send("GET", "/")));
        Assert.Equal($"cannot connect to {target}: connection refused (is tend running?)", e.Message);
    }

    [Fact(Timeout = 15_000)]
    public async Task PermissionDenied_IsNamed()
    {
        Assert.Equal("cannot connect to /run/tend.sock: permission denied",
            ControlClient.ConnectFailureMessage("/run/tend.sock", SocketError.AccessDenied, unixSocket: true));

        // For real, when not root (root passes every permission check).
        if (Environment.IsPrivilegedProcess || OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        File.SetUnixFileMode(dir.File(), UnixFileMode.None);
        var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/")));
        Assert.Equal($"cannot connect to {dir.File()}: permission denied", e.Message);
    }

    [Fact(Timeout = 15_000)]
    public async Task SlowServer_TimesOut()
    {
        using var dir = new TempDir();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            release.Task.Wait();
            response.Send(200, "text/plain", default);
        });
        try
        {
            var client = new ControlClient(dir.File(), TimeSpan.FromMilliseconds(300));
            var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => client.Send("GET", "/")));
            Assert.Equal($"{dir.File()}: timed out waiting for the response", e.Message);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Theory(Timeout = 5000)]
    [InlineData("GET", "no-slash")]
    [InlineData("GET", "/a b")]
    [InlineData("GET", "/a\r\nX: y")]
    [InlineData("get", "/")]
    [InlineData("G T", "/")]
    public Task BadRequestArguments_AreRefusedBeforeConnecting(string method, string path)
    {
        var client = new ControlClient("/nonexistent/tend.sock", ClientTimeout);
        Assert.Throws<ArgumentException>(() => client.Send(method, path));
        return Task.CompletedTask;
    }
}
