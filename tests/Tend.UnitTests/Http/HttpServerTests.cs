using System.Net.Sockets;
using System.Text;
using Tend.Control.Client;
using Tend.Http;

using Tend.UnitTests.Control;

namespace Tend.UnitTests.Http;

/// <summary>The server over real sockets in a temporary directory, driven by ControlClient or a raw socket.</summary>
public class HttpServerTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 15_000)]
    public async Task Unix_GetAndPost_RoundTrip()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        Assert.Null(server.BoundPort);
        var client = new ControlClient(dir.File(), ClientTimeout);

        var get = await Task.Run(() => client.Send("GET", "/programs/web%201?lines=10&follow"));
        Assert.Equal(200, get.Status);
        Assert.Equal("text/plain; charset=utf-8", get.ContentType);
        Assert.Equal("GET /programs/web 1 [follow=,lines=10] ", Encoding.UTF8.GetString(get.Body));

        var post = await Task.Run(() => client.Send("POST", "/programs/web/restart", "{\"signal\":\"TERM\"}"u8.ToArray()));
        Assert.Equal(200, post.Status);
        Assert.Equal("POST /programs/web/restart [] {\"signal\":\"TERM\"}", Encoding.UTF8.GetString(post.Body));
    }

    [Fact(Timeout = 15_000)]
    public async Task Unix_Peer_IsTheConnectingProcess()
    {
        using var dir = new TempDir();
        var peer = new TaskCompletionSource<PeerCredentials?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (request, response) =>
        {
            peer.TrySetResult(request.Peer);
            response.Send(204, "", default);
        });

        var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("DELETE", "/x"));
        Assert.Equal(204, result.Status);
        Assert.Empty(result.Body);
        var credentials = await peer.Task;
        Assert.NotNull(credentials);
        Assert.Equal(Environment.ProcessId, credentials.Pid);
    }

    [Fact(Timeout = 15_000)]
    public async Task Tcp_PortZero_BindsAPortAndServes()
    {
        var peer = new TaskCompletionSource<PeerCredentials?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenTcp("127.0.0.1:0", (request, response) =>
        {
            peer.TrySetResult(request.Peer);
            Handlers.Echo(request, response);
        });
        Assert.NotNull(server.BoundPort);
        Assert.InRange(server.BoundPort.Value, 1, 65535);

        var client = new ControlClient($"127.0.0.1:{server.BoundPort}", ClientTimeout);
        var result = await Task.Run(() => client.Send("PUT", "/a?b=c", "body"u8.ToArray(), "text/plain"));
        Assert.Equal(200, result.Status);
        Assert.Equal("PUT /a [b=c] body", Encoding.UTF8.GetString(result.Body));
        Assert.Null(await peer.Task); // no SO_PEERCRED over TCP

        var viaName = await Task.Run(() => new ControlClient($"localhost:{server.BoundPort}", ClientTimeout).Send("GET", "/"));
        Assert.Equal(200, viaName.Status);
    }

    [Fact(Timeout = 15_000)]
    public async Task Tcp_Ipv6Loopback_Serves()
    {
        if (!Socket.OSSupportsIPv6) return;
        HttpServer server;
        try
        {
            server = HttpServer.ListenTcp("[::1]:0", Handlers.Echo);
        }
        catch (IOException)
        {
            return; // IPv6 compiled in but no ::1 here (some containers)
        }
        using (server)
        {
            var result = await Task.Run(() => new ControlClient($"[::1]:{server.BoundPort}", ClientTimeout).Send("GET", "/v6"));
            Assert.Equal(200, result.Status);
        }
    }

    [Fact(Timeout = 15_000)]
    public async Task Tcp_BadAddress_IsRefusedClearly()
    {
        var e = Assert.Throws<ArgumentException>(() => HttpServer.ListenTcp("9090", Handlers.Echo));
        Assert.Contains("expected host:port", e.Message);
        using var first = HttpServer.ListenTcp("127.0.0.1:0", Handlers.Echo);
        var busy = Assert.Throws<IOException>(() => HttpServer.ListenTcp($"127.0.0.1:{first.BoundPort}", Handlers.Echo));
        Assert.Equal($"cannot listen on 127.0.0.1:{first.BoundPort}: address already in use", busy.Message);
        await Task.CompletedTask;
    }

    [Fact(Timeout = 15_000)]
    public async Task KeepAlive_TwoRequestsOnOneConnection_BothAnswered()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
            var first = connection.Read();
            Assert.Equal(200, first.Status);
            Assert.Equal("keep-alive", first.Headers["Connection"]);
            Assert.Equal("GET /one [] ", first.Body);

            connection.Send("POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
            var second = connection.Read();
            Assert.Equal("POST /two [] abc", second.Body);
            Assert.Equal("close", second.Headers["Connection"]);
            Assert.True(connection.ServerClosed());
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task KeepAlive_PipelinedRequests_AnsweredInOrder()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal("GET /1 [] ", connection.Read().Body);
            Assert.Equal("POST /2 [] hi", connection.Read().Body);
            Assert.Equal("GET /3 [] ", connection.Read().Body);
            Assert.True(connection.ServerClosed());
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task Http10_ClosesByDefault()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET /old HTTP/1.0\r\n\r\n");
            var response = connection.Read();
            Assert.Equal(200, response.Status);
            Assert.Equal("close", response.Headers["Connection"]);
            Assert.True(connection.ServerClosed());
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task Head_SendsLengthButNoBody()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            var head = connection.Read("HEAD");
            Assert.Equal(200, head.Status);
            Assert.Equal("HEAD /h [] ".Length.ToString(), head.Headers["Content-Length"]);
            Assert.Equal("", head.Body);
            Assert.Equal("GET /after [] ", connection.Read().Body); // no stray body bytes in between
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task ExpectContinue_GetsContinueThenTheAnswer()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("POST /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            var interim = new byte[25];
            var n = 0;
            while (n < interim.Length) n += connection.Socket.Receive(interim.AsSpan(n));
            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
            connection.Send("data");
            Assert.Equal("POST /big [] data", connection.Read().Body);
        });
    }

    [Theory(Timeout = 15_000)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nX: a\rY: b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n", 413)]
    [InlineData("GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505)]
    public async Task Malformed_GetsStatusAndTheConnectionCloses(string raw, int status)
    {
        using var dir = new TempDir();
        var called = false;
        using var server = HttpServer.ListenUnix(dir.File(), (request, response) =>
        {
            called = true;
            Handlers.Echo(request, response);
        }, new HttpLimits { MaxBodyBytes = 1000 });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send(raw);
            var response = connection.Read();
            Assert.Equal(status, response.Status);
            Assert.Equal("close", response.Headers["Connection"]);
            Assert.True(connection.ServerClosed());
        });
        Assert.False(called);
    }

    [Fact(Timeout = 15_000)]
    public async Task OversizedHeaders_Get431EvenWhileTheClientKeepsSending()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, new HttpLimits { MaxHeaderBytes = 1024 });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            connection.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 4000));
            Assert.Equal(431, connection.Read().Status);
            Assert.True(connection.ServerClosed());
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task SocketFile_IsOwnerOnly()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File()));
        await Task.CompletedTask;
    }

    [Fact(Timeout = 15_000)]
    public async Task MissingParentDirectory_IsCreated()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "run", "tend", "tend.sock");
        using var server = HttpServer.ListenUnix(path, Handlers.Echo);
        var result = await Task.Run(() => new ControlClient(path, ClientTimeout).Send("GET", "/"));
        Assert.Equal(200, result.Status);
    }

    [Fact(Timeout = 15_000)]
    public async Task StaleSocketFile_IsReplaced()
    {
        using var dir = new TempDir();
        // A socket file nobody listens on, as a killed Tend leaves behind. (Kept bound, not listening:
        // disposing a .NET socket deletes the file it bound, which a killed process never gets to do.)
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(dir.File()));
        Assert.True(File.Exists(dir.File()));

        using (HttpServer.ListenUnix(dir.File(), Handlers.Echo))
        {
            var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/fresh"));
            Assert.Equal(200, result.Status);
        }
    }

    [Fact(Timeout = 15_000)]
    public async Task LiveSocket_IsNotStolen()
    {
        using var dir = new TempDir();
        using var first = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        var e = Assert.Throws<IOException>(() => HttpServer.ListenUnix(dir.File(), Handlers.Echo));
        Assert.Equal($"cannot listen on {dir.File()}: another process is listening on it (is tend already running?)", e.Message);
        var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/"));
        Assert.Equal(200, result.Status); // the first server still owns it
    }

    [Fact(Timeout = 15_000)]
    public async Task RegularFileAtThePath_IsLeftAlone()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File(), "precious");
        var e = Assert.Throws<IOException>(() => HttpServer.ListenUnix(dir.File(), Handlers.Echo));
        Assert.Contains("not a socket", e.Message);
        Assert.Equal("precious", await File.ReadAllTextAsync(dir.File()));
    }

    [Fact(Timeout = 15_000)]
    public async Task Dispose_RemovesTheSocketFileAndStopsAccepting()
    {
        using var dir = new TempDir();
        var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo);
        Assert.True(File.Exists(dir.File()));
        server.Dispose();
        Assert.False(File.Exists(dir.File()));
        server.Dispose(); // twice is fine

        var e = await Task.Run(() => Assert.Throws<ControlClientException>(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/")));
        Assert.Contains("no such file or directory", e.Message);
    }

    [Fact(Timeout = 15_000)]
    public async Task OverMaxConnections_Gets503_AndRecoversWhenASlotFrees()
    {
        using var dir = new TempDir();
        // The holder is never old enough to be evicted here (see the eviction tests below).
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, new HttpLimits { MaxConnections = 1, EvictWaitingAfter = TimeSpan.FromMinutes(5) });
        var client = new ControlClient(dir.File(), ClientTimeout);

        var holder = new RawConnection(dir.File()); // accepted first, takes the only slot, sends nothing
        try
        {
            var rejected = await Task.Run(() => client.Send("GET", "/"));
            Assert.Equal(503, rejected.Status);
            Assert.Equal("too many connections\n", Encoding.UTF8.GetString(rejected.Body));
        }
        finally
        {
            holder.Dispose();
        }

        await Handlers.Eventually(() => client.Send("GET", "/").Status == 200);
    }

    [Fact(Timeout = 30_000)]
    public async Task EverySlotHeldBySlowClients_TheLongestWaitingMakesRoomForANewcomer()
    {
        // Slow clients hold both slots, and the read timeout is far away: only eviction can let a request in.
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo,
            new HttpLimits { MaxConnections = 2, ReadTimeout = TimeSpan.FromMinutes(5), EvictWaitingAfter = TimeSpan.FromMilliseconds(200) });
        using var first = new RawConnection(dir.File());
        first.Send("GET /a HTTP/1.1\r\nHost: x\r\nX-Drip: ");
        using var second = new RawConnection(dir.File());
        second.Send("GET /b HTTP/1.1\r\nHost: x\r\nX-Drip: ");
        var client = new ControlClient(dir.File(), ClientTimeout);

        await Handlers.Eventually(() => client.Send("GET", "/").Status == 200, timeoutMs: 20_000);

        Assert.True(await Task.Run(first.ServerClosed), "the longest-waiting client was not the one closed");
    }

    [Fact(Timeout = 30_000)]
    public async Task ARequestBeingServed_IsNeverEvicted()
    {
        using var dir = new TempDir();
        using var release = new ManualResetEventSlim();
        using var serving = new ManualResetEventSlim();
        void Slow(HttpRequest request, IResponse response)
        {
            serving.Set();
            release.Wait(TimeSpan.FromSeconds(20));
            Handlers.Echo(request, response);
        }
        using var server = HttpServer.ListenUnix(dir.File(), Slow,
            new HttpLimits { MaxConnections = 1, EvictWaitingAfter = TimeSpan.FromMilliseconds(50) });
        var client = new ControlClient(dir.File(), ClientTimeout);
        var inFlight = Task.Run(() => client.Send("GET", "/first"));
        Assert.True(await Task.Run(() => serving.Wait(TimeSpan.FromSeconds(10))), "the first request never reached the handler");
        await Task.Delay(100); // past EvictWaitingAfter: the first connection would be evictable if it counted as waiting

        var rejected = await Task.Run(() => client.Send("GET", "/second"));

        Assert.Equal(503, rejected.Status);
        release.Set();
        Assert.Equal(200, (await inFlight).Status);
    }

    [Fact(Timeout = 15_000)]
    public async Task Slowloris_HalfARequest_Gets408WithinTheReadTimeout()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, new HttpLimits { ReadTimeout = TimeSpan.FromMilliseconds(300) });
        var elapsed = await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            var started = Environment.TickCount64;
            connection.Send("GET /slow HTTP/1.1\r\nHost: x\r\nX-Drip: ");
            var response = connection.Read();
            Assert.Equal(408, response.Status);
            Assert.True(connection.ServerClosed());
            return Environment.TickCount64 - started;
        });
        Assert.InRange(elapsed, 250, 5000);
    }

    [Fact(Timeout = 15_000)]
    public async Task Slowloris_TricklingBytes_StillMeetsTheWholeRequestDeadline()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, new HttpLimits { ReadTimeout = TimeSpan.FromMilliseconds(500) });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            var started = Environment.TickCount64;
            // One byte every 50 ms: each read is quick, but the request as a whole is late.
            foreach (var c in "GET /slow HTTP/1.1\r\nHost: x\r\nX-Drip: " + new string('a', 100))
            {
                connection.Send(c.ToString());
                if (connection.Socket.Poll(50_000, SelectMode.SelectRead)) break; // the server answered
            }
            Assert.Equal(408, connection.Read().Status);
            Assert.InRange(Environment.TickCount64 - started, 400, 5000);
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task IdleConnection_IsClosedSilentlyAfterTheReadTimeout()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), Handlers.Echo, new HttpLimits { ReadTimeout = TimeSpan.FromMilliseconds(200) });
        await Task.Run(() =>
        {
            using var connection = new RawConnection(dir.File());
            Assert.True(connection.ServerClosed()); // end of stream, no 408 for a client that never asked anything
        });
    }

    [Fact(Timeout = 15_000)]
    public async Task HandlerException_Gets500_AndTheServerKeepsServing()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (request, response) =>
        {
            if (request.Path == "/boom") throw new InvalidOperationException("bug");
            Handlers.Echo(request, response);
        });
        var client = new ControlClient(dir.File(), ClientTimeout);

        var boom = await Task.Run(() => client.Send("GET", "/boom"));
        Assert.Equal(500, boom.Status);
        Assert.Equal("internal error\n", Encoding.UTF8.GetString(boom.Body));

        var fine = await Task.Run(() => client.Send("GET", "/fine"));
        Assert.Equal(200, fine.Status);
    }

    [Fact(Timeout = 15_000)]
    public async Task HandlerThatForgetsToAnswer_Gets500()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (_, _) => { });
        var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/"));
        Assert.Equal(500, result.Status);
    }

    [Fact(Timeout = 15_000)]
    public async Task HandlerThatAnswersTwice_IsAnError()
    {
        using var dir = new TempDir();
        var second = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = HttpServer.ListenUnix(dir.File(), (_, response) =>
        {
            response.Send(200, "text/plain", "one"u8);
            try
            {
                response.Send(200, "text/plain", "two"u8);
                second.TrySetResult(null);
            }
            catch (Exception e)
            {
                second.TrySetResult(e);
            }
        });
        var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("GET", "/"));
        Assert.Equal("one", Encoding.UTF8.GetString(result.Body));
        Assert.IsType<InvalidOperationException>(await second.Task);
    }

    [Fact(Timeout = 15_000)]
    public async Task LargeBody_RoundTripsIntact()
    {
        using var dir = new TempDir();
        using var server = HttpServer.ListenUnix(dir.File(), (request, response) => response.Send(200, "application/octet-stream", request.Body));
        var body = new byte[1 << 20];
        new Random(7).NextBytes(body);
        var result = await Task.Run(() => new ControlClient(dir.File(), ClientTimeout).Send("POST", "/", body, "application/octet-stream"));
        Assert.Equal(200, result.Status);
        Assert.Equal(body, result.Body);
    }
}
