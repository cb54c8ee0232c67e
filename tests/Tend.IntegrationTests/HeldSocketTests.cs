using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tend.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 26 item 1, sockets held across restarts: `sockets:` in tend.yaml, handed to every start
/// with systemd's protocol, served by a real server that reads LISTEN_FDS (Python's
/// socket.socket(fileno=3), as gunicorn and uvicorn --fd do), with Tend as PID 1.
/// </summary>
public class HeldSocketTests(ITestOutputHelper output)
{
    /// <summary>
    /// A server as socket-activated servers are written: it takes descriptors 3... when LISTEN_PID is
    /// its own pid and LISTEN_FDS says how many (binding its own port otherwise); each reply names
    /// what it was given. It ends itself on the first request after CRASH_AFTER seconds up (exit 3),
    /// and waits START_DELAY seconds before accepting, as a slow start-up does.
    /// </summary>
    private const string Server = """
        import os, socket, sys, time
        started = time.monotonic()
        fds = int(os.environ.get("LISTEN_FDS", "0"))
        pid_ok = os.environ.get("LISTEN_PID") == str(os.getpid())
        names = os.environ.get("LISTEN_FDNAMES", "")
        if fds > 0 and pid_ok:
            listener = socket.socket(fileno=3)
        else:
            listener = socket.create_server(("127.0.0.1", int(os.environ["PORT"])))
        time.sleep(float(os.environ.get("START_DELAY", "0")))
        print(f"accepting fds={fds} pid_ok={pid_ok} family={listener.family.name} uid={os.getuid()}", flush=True)
        crash_after = float(os.environ.get("CRASH_AFTER", "-1"))
        while True:
            c, _ = listener.accept()
            c.sendall(f"pid={os.getpid()} listen_pid_ok={pid_ok} fds={fds} names={names} tag={os.environ.get('TAG', '')}\n".encode())
            c.close()
            if crash_after >= 0 and time.monotonic() - started >= crash_after:
                os._exit(3)
        """;

    private static string WriteServer(TempDir dir) => Write(dir.Path, "server.py", Server);

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_python_server_serve_on_the_sockets_Tend_holds_with_LISTEN_PID_its_own_pid()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var server = WriteServer(dir);
        int port = Ctl.FreePort(), apiPort = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/usr/bin/python3", {Quote(server)}]
                sockets:
                  - tcp://127.0.0.1:{port}
                  - api=tcp://127.0.0.1:{apiPort}
            """);
        tend.WaitForLine($"web: tcp://127.0.0.1:{port} bound, held for every start as fd 3");
        tend.WaitForLine("accepting fds=2 pid_ok=True family=AF_INET");
        var pid = tend.WaitForLine("web started pid").Split(' ')[^1];
        var reply = Request(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal($"pid={pid} listen_pid_ok=True fds=2 names=web:api tag=", reply);

        // The same sockets for the next start: a restart asked for, with the port the same.
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "web").Code);
        tend.WaitForCount("accepting fds=2 pid_ok=True", 2);
        var second = Request(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Contains("listen_pid_ok=True fds=2 names=web:api", second);
        Assert.DoesNotContain($"pid={pid} ", second);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// docs/formats/tend-yaml.md's example as written, in a network and a /run of its own (its
    /// ports and path are fixed), gunicorn stood in for by a Python server that says what it got and
    /// serves its Unix socket.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task The_reference_example_hands_gunicorn_its_three_sockets_in_order_with_their_names()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single("docs/formats/tend-yaml.md", "yaml", "gunicorn --bind fd://3").Text;
        using var dir = new TempDir();
        var gunicorn = Write(dir.Path, "gunicorn.py", """
            import os, socket
            fds = int(os.environ["LISTEN_FDS"])
            assert os.environ["LISTEN_PID"] == str(os.getpid())
            socks = [socket.socket(fileno=3 + i) for i in range(fds)]
            print("gunicorn got", os.environ["LISTEN_FDNAMES"], ",".join(s.family.name for s in socks), flush=True)
            while True:
                c, _ = socks[2].accept()
                c.sendall(b"served on the unix socket\n")
                c.close()
            """);
        var s = new StandIns(dir);
        s.Add("gunicorn", $"exec /usr/bin/python3 '{gunicorn}' \"$@\"");
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: s.Environment(), launcher: StandIns.PrivateNetworkAndRun);
        tend.WaitForLine("gunicorn got web:admin:web AF_INET,AF_INET6,AF_UNIX");
        var path = $"/proc/{tend.TendPid}/root/run/web/web.sock";
        Assert.Equal("served on the unix socket", Request(new UnixDomainSocketEndPoint(path)));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_running_as_another_user_serve_on_a_privileged_port_Tend_bound_for_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var server = WriteServer(dir);
        File.SetUnixFileMode(dir.Path, File.GetUnixFileMode(dir.Path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(server, File.GetUnixFileMode(server) | UnixFileMode.OtherRead);
        // Port 1023 is root's to bind (a program as nobody could not): Tend binds it, the program serves it.
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/usr/bin/python3", {Quote(server)}]
                user: nobody
                sockets: [tcp://127.0.0.1:1023]
            """);
        tend.WaitForLine("accepting fds=1 pid_ok=True family=AF_INET uid=65534");
        var pid = tend.WaitForLine("web started pid").Split(' ')[^1];
        Assert.Equal($"pid={pid} listen_pid_ok=True fds=1 names=web tag=", Request(new IPEndPoint(IPAddress.Loopback, 1023)));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_only_the_program_get_the_socket_and_not_its_exec_probe()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        // Each counts the sockets among its own descriptors and says what LISTEN_FDS it got.
        const string count = "ls -l /proc/$$/fd | grep -c socket:";
        var probeOut = dir.File("probe");
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/bin/sh", "-c", "echo sockets=$({count}) LISTEN_FDS=$LISTEN_FDS; exec sleep 1000"]
                sockets: [tcp://127.0.0.1:{port}]
                readiness: {"{"}exec: ["/bin/sh", "-c", "echo sockets=$({count}) LISTEN_FDS=$LISTEN_FDS > {probeOut}"], interval: 1s{"}"}
            """);
        tend.WaitForLine("sockets=1 LISTEN_FDS=1");
        var lines = WaitForLines(probeOut, l => l.Any(x => x.StartsWith("sockets=")));
        Assert.Equal("sockets=0 LISTEN_FDS=", lines[0]);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_reach_a_program_on_its_unix_socket_across_a_restart_and_the_file_goes_with_Tend()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var server = WriteServer(dir);
        var path = Path.Combine(dir.Path, "run", "web.sock");
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/usr/bin/python3", {Quote(server)}]
                sockets: [{Quote("unix:" + path)}]
            """);
        tend.WaitForLine("accepting fds=1 pid_ok=True family=AF_UNIX");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                     | UnixFileMode.OtherRead | UnixFileMode.OtherWrite, File.GetUnixFileMode(path));
        Assert.StartsWith("pid=", Request(new UnixDomainSocketEndPoint(path)));
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "web").Code);
        tend.WaitForCount("accepting fds=1", 2);
        Assert.Contains("listen_pid_ok=True fds=1 names=web", Request(new UnixDomainSocketEndPoint(path)));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.False(File.Exists(path), "the socket file should go with the Tend that bound it");
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_which_program_and_address_cannot_be_bound()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                sockets: [tcp://127.0.0.1:{port}]
              other:
                command: {Dummy("sleep", "inf")}
            """);
        tend.WaitForLine($"cannot start \"web\": bind tcp://127.0.0.1:{port}: address already in use");
        tend.WaitForLine("other started pid");
        Assert.Contains($"bind tcp://127.0.0.1:{port}: address already in use", Ctl.WaitForStatus(tend, row => row.StartsWith("web") && row.Contains("BACKOFF")));
        Assert.Equal(0, tend.Count("web started pid"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 90_000)]
    public async Task I_see_a_connection_made_while_a_reload_restarts_the_program_served_by_the_new_one()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var server = WriteServer(dir);
        var port = Ctl.FreePort();
        string Config(string tag) => $"""
            programs:
              web:
                command: ["/usr/bin/python3", {Quote(server)}]
                sockets: [tcp://127.0.0.1:{port}]
                environment: {"{"}TAG: {tag}, START_DELAY: "3"{"}"}
            """;
        using var tend = TendHost.Run(dir, Config("one"));
        tend.WaitForLine("accepting fds=1");
        Assert.Contains("tag=one", Request(new IPEndPoint(IPAddress.Loopback, port)));

        dir.Write("tend.yaml", Config("two"));
        tend.Signal(1);
        tend.WaitForLine("reloaded: 0 added, 0 removed, 1 changed");
        tend.WaitForCount("web started pid", 2);
        // The new process sleeps 3 s before it accepts: this connection is made while it does not
        // accept yet, waits in the backlog, and is served once it does.
        var watch = Stopwatch.StartNew();
        using var client = Connect(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(1, tend.Count("accepting fds=1"));
        var reply = ReadReply(client);
        Assert.Contains("tag=two", reply);
        tend.WaitForCount("accepting fds=1", 2);
        output.WriteLine($"served after {watch.ElapsedMilliseconds} ms in the backlog: {reply}");
        Assert.Equal(0, tend.Count("no longer held"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// The figure in docs/formats/tend-yaml.md and the README: a client connecting in a tight loop
    /// to a server that crashes (exit 3) on its first request after 0.3 s up, restarted 20 times.
    /// With the key, no connection is refused; without it (the server binds its own port), every
    /// attempt made while it is down is.
    /// </summary>
    [Fact(Timeout = 240_000)]
    public async Task I_see_no_connection_refused_over_20_restarts_with_held_sockets_and_many_without()
    {
        await Task.Yield();
        var held = Measure(withSockets: true);
        var own = Measure(withSockets: false);
        output.WriteLine($"with sockets: {held}");
        output.WriteLine($"without: {own}");
        Assert.Equal(0, held.Refused);
        Assert.Equal(0, held.Reset);
        Assert.True(own.Refused > 0, $"without the key some connections should be refused: {own}");
    }

    private sealed record Figures(int Served, int Refused, int Reset, int Restarts, long LongestWaitMs, long ElapsedMs)
    {
        public override string ToString() =>
            $"{Refused} refused and {Reset} reset of {Served + Refused + Reset} attempts over {Restarts} restarts in {ElapsedMs} ms; longest wait for a reply {LongestWaitMs} ms";
    }

    private Figures Measure(bool withSockets)
    {
        using var dir = new TempDir();
        var server = WriteServer(dir);
        var port = Ctl.FreePort();
        using var tend = TendHost.Run(dir, $"""
            programs:
              web:
                command: ["/usr/bin/python3", {Quote(server)}]
                environment: {"{"}PORT: "{port}", CRASH_AFTER: "0.3"{"}"}
                start_seconds: 200ms
                backoff: {"{"}initial: 100ms{"}"}
            {(withSockets ? $"    sockets: [tcp://127.0.0.1:{port}]" : "")}
            """);
        tend.WaitForLine("accepting");
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        int served = 0, refused = 0, reset = 0;
        long longest = 0;
        var watch = Stopwatch.StartNew();
        while (tend.Count("web exited with 3") < 20)
        {
            var attempt = Stopwatch.StartNew();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(endpoint);
                var buffer = new byte[256];
                var n = socket.Receive(buffer);
                if (n > 0) served++; else reset++;
                longest = Math.Max(longest, attempt.ElapsedMilliseconds);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused) { refused++; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { reset++; }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(100), tend.Transcript());
        }
        var elapsed = watch.ElapsedMilliseconds;
        tend.Signal(15);
        tend.WaitForExit();
        return new Figures(served, refused, reset, 20, longest, elapsed);
    }

    /// <summary>Connects, reads the one-line reply to its end.</summary>
    private static string Request(EndPoint endpoint)
    {
        using var socket = Connect(endpoint);
        return ReadReply(socket);
    }

    private static Socket Connect(EndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        socket.ReceiveTimeout = 20_000;
        socket.Connect(endpoint);
        return socket;
    }

    private static string ReadReply(Socket socket)
    {
        var reply = new StringBuilder();
        var buffer = new byte[512];
        int n;
        while ((n = socket.Receive(buffer)) > 0) reply.Append(Encoding.UTF8.GetString(buffer, 0, n));
        return reply.ToString().TrimEnd('\n');
    }
}
