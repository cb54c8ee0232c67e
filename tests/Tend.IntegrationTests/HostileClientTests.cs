using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Tend.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// Hostile clients on Tend's sockets, Tend as PID 1: oversized bodies, slowloris, thousands of
/// connections at once, garbage, wrong auth. Each gets an error or a close; supervision keeps its
/// restart latency; Tend's descriptors, threads and memory come back down. And who may connect:
/// the control socket is 0600 and root's, so a `user:` program cannot reach it.
/// </summary>
public class HostileClientTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task I_see_hostile_control_clients_refused_while_restarts_keep_their_latency_and_resources_come_back()
    {
        using var dir = new TempDir();
        var starts = dir.File("starts");
        // flap restarts every ~100 ms on its own: the gaps between its starts are the restart latency.
        // Its backoff's reset (50 ms) is shorter than its runs, so each exit is a crash to restart at
        // once, not a crash loop to pace.
        using var tend = TendHost.Run(dir, $"""
            programs:
              flap:
                command: [sh, -c, "date +%s%N >> '{starts}'; sleep 0.1; exit 1"]
                start_seconds: 0
                restart: always
                backoff:
                  reset: 50ms
            """);
        var pid = tend.TendPid;
        await WaitUntil(() => Lines(starts) >= 10, TimeSpan.FromSeconds(20));
        var (fds0, threads0, _) = Resources(pid);
        var quiet = Gaps(starts, Lines(starts));

        // The attack: 1500 connections at once, half of them slowloris (a head that never ends),
        // plus oversized, malformed and garbage requests.
        var before = Lines(starts);
        var attack = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 1500).Select(i => Hostile(tend.SocketPath, i)));
        attack.Stop();
        var underAttack = Gaps(starts, Lines(starts) - before);
        var peakRss = Resources(pid).RssKb;

        output.WriteLine($"restart gaps quiet: median {Median(quiet)} ms, p95 {P95(quiet)} ms; under attack: median {Median(underAttack)} ms, p95 {P95(underAttack)} ms over {underAttack.Count} restarts");
        output.WriteLine($"attack took {attack.ElapsedMilliseconds} ms; answers: {string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))}; peak RSS {peakRss} kB");

        Assert.True(underAttack.Count >= 5, "flap was not restarted during the attack");
        Assert.True(Median(underAttack) < Median(quiet) + 200, $"restart latency grew under attack: {Median(quiet)} -> {Median(underAttack)} ms");
        Assert.DoesNotContain("hang", answers);
        Assert.Contains("413", answers);
        // Over the connection cap: a newcomer gets 503, or (when a slow client has waited for its
        // request longer than EvictWaitingAfter) that slow client is closed to make room.
        Assert.True(answers.Contains("503") || answers.Contains("evicted"), "nothing was refused or evicted at the connection cap");
        Assert.True(peakRss < 128 * 1024, $"RSS {peakRss} kB under attack");

        // Afterwards: served again, and descriptors and threads back to where they were.
        await WaitUntil(() => Ctl.Run(tend, "ctl", "status").Code == 0, TimeSpan.FromSeconds(30));
        await WaitUntil(() => { var (f, t, _) = Resources(pid); return f <= fds0 + 2 && t <= threads0 + 2; }, TimeSpan.FromSeconds(30),
            () => $"fds/threads did not come back: before {fds0}/{threads0}, now {Resources(pid)}");
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_the_control_socket_0600_and_roots_and_a_user_program_refused_with_eacces()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Run(dir, """
            programs:
              probe:
                user: nobody
                restart: never
                command: [python3, -c, "import os,socket\ns=socket.socket(socket.AF_UNIX)\ntry:\n  s.connect(os.environ['TEND_SOCKET']); print('connected')\nexcept OSError as e:\n  print('errno', e.errno)"]
            """);
        tend.WaitForLine("probe exited");
        var (code, stat, _) = Tools.Run("stat", ["-c", "%a %u %F", tend.SocketPath]);
        Assert.Equal(0, code);
        Assert.Equal("600 0 socket", stat.Trim());
        // The program's own line may reach Tend's stdout after Tend's "exited" line: wait for it.
        var answer = tend.WaitForLine(l => l.StartsWith("probe ", StringComparison.Ordinal) && l.Contains("| ", StringComparison.Ordinal));
        Assert.EndsWith("| errno 13", answer); // EACCES
        tend.Signal(15);
        tend.WaitForExit();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_supervisord_inet_server_refuse_wrong_auth_and_garbage_and_not_start_open_on_every_interface()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var openPort = Ctl.FreePort();
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=127.0.0.1:{port}
            username=admin
            password=secret

            [program:app]
            command={Paths.Dummy} sleep inf
            """);
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine("app started");
        var good = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:secret"));
        var bad = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:wrong"));
        const string call = "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.getState</methodName></methodCall>";
        Assert.StartsWith("HTTP/1.1 401", Tcp(port, Post(call, null)));
        Assert.StartsWith("HTTP/1.1 401", Tcp(port, Post(call, bad)));
        Assert.StartsWith("HTTP/1.1 401", Tcp(port, Post(call, "Basic !!!notbase64")));
        Assert.Contains("RUNNING", Tcp(port, Post(call, good)));
        foreach (var garbage in new[] { "<methodCall><methodName>", "\0\xff<<<", "<methodCall><methodName>x</methodName><params><param><value><int>99999999999</int></value></param></params></methodCall>", new string('<', 100_000) })
        {
            var answer = Tcp(port, Post(garbage, good));
            Assert.True(answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal) || answer.Contains("<fault>", StringComparison.Ordinal), answer);
        }
        Assert.StartsWith("HTTP/1.1 413", Tcp(port, $"POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: {good}\r\nContent-Length: 100000000\r\n\r\n"));
        tend.Signal(15);
        tend.WaitForExit();

        // [inet_http_server] on every interface without a username: refused before anything runs, file:line named.
        var open = dir.Write("open.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=*:{openPort}

            [program:app]
            command={Paths.Dummy} sleep inf
            """);
        using var second = TendHost.Start(["run", open]);
        Assert.Equal(100, second.WaitForExit());
        Assert.Contains(second.Stderr, l => l.Contains($"{open}:5:", StringComparison.Ordinal) && l.Contains("without authentication", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Stdout, l => l.Contains("app started", StringComparison.Ordinal));
        Assert.Throws<SocketException>(() => Tcp(openPort, Post(call, null)));
    }

    /// <summary>
    /// The attack of issue 16 item 1: `username=` left empty (an unset %(ENV_X)s does that) with a
    /// password set. supervisord turns authentication off; Tend used to as well, and a client with
    /// no credentials stopped the program. Now `tend check` and `tend run` refuse the file.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_cannot_stop_a_program_through_an_inet_server_whose_username_is_empty()
    {
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=0.0.0.0:{port}
            username=
            password=secret

            [program:app]
            command={Paths.Dummy} sleep inf
            """);
        var check = Tools.Run(Paths.Tend, ["check", conf]);
        output.WriteLine(check.Err);

        using var tend = TendHost.Start(["run", conf]);
        // The attack, as soon as anything answers on the port: stopProcess with no credentials at all.
        string? attack = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (attack is null && !tend.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                Tcp(port, Post(Call("supervisor.getState"), null));
                tend.WaitForLine("app started");
                attack = Tcp(port, Post(Call("supervisor.stopProcess", "app"), null));
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        Assert.True(attack is null, $"an unauthenticated client was answered: {attack}");
        Assert.Equal(100, tend.WaitForExit());
        Assert.Contains(tend.Stderr, l => l.Contains($"{conf}:6:", StringComparison.Ordinal) && l.Contains("empty username", StringComparison.Ordinal));
        Assert.Equal(100, check.Code);
        Assert.Contains($"{conf}:6:", check.Err);
    }

    /// <summary>
    /// The attack of issue 16 item 6: one 39 KB system.multicall of 150 whole-log reads of a program
    /// whose log holds over 1 MiB. Each read is bounded, their sum was not: PID 1 went from 7 MB to
    /// 1.1 GB. Now the multicall answers a fault once its results pass the reply bound, and Tend's
    /// peak resident memory (VmHWM) stays small.
    /// </summary>
    [Fact(Timeout = 240_000)]
    public async Task I_get_a_fault_not_an_oom_for_a_multicall_of_many_huge_log_reads()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var log = dir.File("app.log");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=127.0.0.1:{port}

            [program:app]
            command=sh -c "yes '<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<' | head -c 1500000; exec sleep 1000"
            stdout_logfile={log}
            stdout_logfile_maxbytes=10MB
            """);
        using var tend = TendHost.Start(["run", conf]);
        await WaitUntil(() => File.Exists(log) && new FileInfo(log).Length >= 1_500_000, TimeSpan.FromSeconds(30));
        var before = PeakKb(tend.TendPid);

        var calls = string.Concat(Enumerable.Range(0, 150).Select(i =>
            $"<value><struct><member><name>methodName</name><value><string>{(i % 2 == 0 ? "supervisor.readProcessStdoutLog" : "supervisor.tailProcessStdoutLog")}</string></value></member>" +
            "<member><name>params</name><value><array><data><value><string>app</string></value>" +
            $"<value><int>0</int></value><value><int>{(i % 2 == 0 ? 0 : int.MaxValue)}</int></value></data></array></value></member></struct></value>"));
        var body = $"<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>{calls}</data></array></value></param></params></methodCall>";
        var answer = Tcp(port, Post(body, null), timeoutMs: 120_000); // before the fix: a minute at 100 % and a gigabyte
        var after = PeakKb(tend.TendPid);
        output.WriteLine($"request {body.Length} bytes; answer {answer.Length} bytes: {answer[..Math.Min(400, answer.Length)]}");
        output.WriteLine($"VmHWM before {before} kB, after {after} kB");

        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("<fault>", answer);
        Assert.Contains("larger than", answer);
        Assert.True(after < 100 * 1024, $"Tend's peak RSS reached {after} kB");
        // One whole read on its own still works, and Tend answers on.
        var one = Tcp(port, Post(Call("supervisor.readProcessStdoutLog", "app", "0", "0").Replace("<string>0</string>", "<int>0</int>"), null));
        Assert.DoesNotContain("<fault>", one);
        Assert.Contains("&lt;&lt;&lt;", one);
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>
    /// Issue 16 item 9: /logtail/a:b streamed program b although b is not in group a (the group part
    /// was dropped), while every RPC method answered BAD_NAME for "a:b". One name resolution now.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_cannot_tail_a_program_through_a_group_it_is_not_in()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var port = Ctl.FreePort();
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [inet_http_server]
            port=127.0.0.1:{port}

            [program:x]
            command={Paths.Dummy} sleep inf

            [program:b]
            command=sh -c "echo secret-of-b; exec sleep 1000"

            [group:a]
            programs=x
            """);
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine("secret-of-b");

        Assert.Contains("BAD_NAME", Tcp(port, Post(Call("supervisor.tailProcessStdoutLog", "a:b").Replace("</params>", "<param><value><int>0</int></value></param><param><value><int>100</int></value></param></params>"), null)));
        Assert.StartsWith("HTTP/1.1 404", Head(port, "/logtail/a:b"));
        Assert.StartsWith("HTTP/1.1 404", Head(port, "/logtail/b/elsewhere"));
        Assert.StartsWith("HTTP/1.1 200", Head(port, "/logtail/b"));
        Assert.StartsWith("HTTP/1.1 200", Head(port, "/logtail/a:x/stderr"));
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>The status line and headers of a GET (a stream's body never ends, so only its head is read).</summary>
    private static string Head(int port, string path)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(System.Net.IPAddress.Loopback, port);
        s.ReceiveTimeout = 10_000;
        s.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = s.Receive(buffer);
            if (n == 0) break;
            head.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        return head.ToString();
    }

    private static long PeakKb(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', '\t').Last(x => x.Length > 0 && char.IsDigit(x[0])));

    private static string Call(string method, params string[] args) =>
        $"<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>" +
        string.Concat(args.Select(a => $"<param><value><string>{a}</string></value></param>")) + "</params></methodCall>";

    /// <summary>One hostile connection; returns the status it got, "closed" or "hang".</summary>
    private static async Task<string> Hostile(string socketPath, int i)
    {
        // Asynchronous: 1500 blocked threads would starve the test's own thread pool, not Tend.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            var connected = Stopwatch.StartNew();
            var slowloris = i % 6 < 3;
            var request = (i % 6) switch
            {
                0 or 1 or 2 => "GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: ", // slowloris: never finished
                3 => "POST /v1/restart?names=flap HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n",
                4 => "POST /v1/restart?names=%zz%%&&= HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{{{{{",
                _ => "\x16\x03\x01\0\xa5garbage\r\n\r\n",
            };
            await s.SendAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
            var buffer = new byte[256];
            var n = await s.ReceiveAsync(buffer, timeout.Token);
            // Closed by the 5 s read timeout, or well before it: evicted to admit a newcomer.
            if (n == 0) return slowloris && connected.Elapsed < TimeSpan.FromSeconds(4.5) ? "evicted" : "closed";
            var head = Encoding.Latin1.GetString(buffer, 0, n);
            return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? head[9..12] : "other";
        }
        catch (OperationCanceledException)
        {
            return "hang";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }

    private static string Post(string body, string? auth) =>
        $"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n{(auth is null ? "" : $"Authorization: {auth}\r\n")}Content-Length: {Encoding.Latin1.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private static string Tcp(int port, string request, int timeoutMs = 10_000)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(System.Net.IPAddress.Loopback, port);
        s.ReceiveTimeout = timeoutMs;
        s.Send(Encoding.Latin1.GetBytes(request));
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = s.Receive(buffer)) > 0) answer.Write(buffer, 0, n);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && answer.Length > 0) { }
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    private static int Lines(string path) => File.Exists(path) ? File.ReadAllLines(path).Length : 0;

    /// <summary>Milliseconds between the last <paramref name="count"/> starts, less the 100 ms each run sleeps.</summary>
    private static List<long> Gaps(string path, int count)
    {
        var stamps = File.ReadAllLines(path).Select(long.Parse).ToList();
        var tail = stamps.Skip(Math.Max(0, stamps.Count - count)).ToList();
        return tail.Zip(tail.Skip(1)).Select(p => (p.Second - p.First) / 1_000_000 - 100).ToList();
    }

    private static long Median(List<long> xs) => xs.Count == 0 ? long.MaxValue : xs.Order().ElementAt(xs.Count / 2);
    private static long P95(List<long> xs) => xs.Count == 0 ? long.MaxValue : xs.Order().ElementAt(Math.Min(xs.Count - 1, xs.Count * 95 / 100));

    internal static (int Fds, int Threads, long RssKb) Resources(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', '\t').Last(x => x.Length > 0 && char.IsDigit(x[0])));
        return (Directory.GetFiles($"/proc/{pid}/fd").Length, (int)Field("Threads"), Field("VmRSS"));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string>? why = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(why?.Invoke() ?? "condition not met in time");
            await Task.Delay(50);
        }
    }
}
