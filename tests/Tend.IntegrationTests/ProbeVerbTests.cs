using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>`tend probe http|tcp`: the one-shot check exported compose healthchecks run; exit 0 passes, 1 fails.</summary>
public class ProbeVerbTests
{
    private static int RunTend(params string[] args) => RunTendSaying(args).Code;

    /// <summary>The exit code, and what Tend said (for a failure's message).</summary>
    private static (int Code, string Said) RunTendSaying(params string[] args)
    {
        var psi = new ProcessStartInfo(Paths.Tend) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(); throw new TimeoutException("tend probe did not exit"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_tcp_probe_passes_on_a_listening_port_and_fails_on_a_closed_one()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptTcpClientAsync();
        Assert.Equal(0, await Task.Run(() => RunTend("probe", "tcp", $"127.0.0.1:{port}")));
        (await accept).Dispose();
        listener.Stop();
        Assert.Equal(1, await Task.Run(() => RunTend("probe", "tcp", $"127.0.0.1:{port}", "--timeout", "500ms")));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("200 OK", 0)]
    [InlineData("503 Service Unavailable", 1)]
    public async Task An_http_probe_passes_on_2xx_and_fails_otherwise(string status, int expected)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var request = "";
            while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
                request += Encoding.ASCII.GetString(buffer, 0, n);
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return request;
        });
        // A generous timeout: this test's server is an async task in a test host that may be busy
        // starting other tests (CI once answered after the default 1 s); the default is not its subject.
        var (code, said) = await Task.Run(() => RunTendSaying("probe", "http", $"http://127.0.0.1:{port}/health", "--timeout", "10s"));
        Assert.True(code == expected, $"exit {code}, expected {expected}: {said}");
        Assert.StartsWith("GET /health HTTP/1.1", await serve, StringComparison.Ordinal);
        listener.Stop();
    }
}
