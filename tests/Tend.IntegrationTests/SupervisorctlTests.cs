using System.Diagnostics;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// The real supervisorctl (Debian's supervisor package) against Tend as PID 1 running a
/// supervisord.conf unchanged, and against the real supervisord on the same file: what it prints
/// and its exit code must be the same, times and pids aside.
/// </summary>
public class SupervisorctlTests
{
    private const string Programs = """
        [program:sleeper]
        command=sleep 100000
        startsecs=0

        [program:worker]
        command=sleep 100000

        [program:talker]
        command=sh -c 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.2; done'
        startsecs=0

        [program:queue]
        command=sleep 100000
        process_name=%(program_name)s_%(process_num)d
        numprocs=2
        startsecs=0
        """;

    private static string Conf(string dir, string name, string programs) => $"""
        [unix_http_server]
        file={dir}/{name}.sock

        [supervisord]
        nodaemon=true
        logfile={dir}/{name}-supervisord.log
        pidfile={dir}/{name}.pid
        childlogdir={dir}

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{dir}/{name}.sock

        {programs}
        """;

    /// <summary>Pids, uptimes and dates differ between two runs; everything else must not.</summary>
    private static string Normalize(string text)
    {
        text = Regex.Replace(text, @"pid \d+, uptime \d+:\d\d:\d\d", "pid N, uptime T");
        text = Regex.Replace(text, @"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M", "DATE");
        text = Regex.Replace(text, @"(?m)^\d+$", "N");
        return text;
    }

    private sealed class Pair : IDisposable
    {
        public required TempDir Dir { get; init; }
        public required TendHost Tend { get; init; }
        public required Process Supervisord { get; init; }
        public string TendConf => Dir.File("tend.conf");
        public string RealConf => Dir.File("real.conf");

        public (int Code, string Out) OnTend(params string[] args) => Ctl(TendConf, args);

        public (int Code, string Out) OnReal(params string[] args) => Ctl(RealConf, args);

        private static (int Code, string Out) Ctl(string conf, string[] args)
        {
            var (code, stdout, stderr) = Tools.Run("supervisorctl", ["-c", conf, .. args]);
            return (code, stdout + stderr);
        }

        public void Dispose()
        {
            if (!Supervisord.HasExited) { Supervisord.Kill(entireProcessTree: true); Supervisord.WaitForExit(5000); }
            Supervisord.Dispose();
            Tend.Dispose();
            Dir.Dispose();
        }
    }

    private static Pair Start(string programs, Func<Pair, bool>? ready = null)
    {
        var dir = new TempDir();
        dir.Write("tend.conf", Conf(dir.Path, "tend", programs));
        dir.Write("real.conf", Conf(dir.Path, "real", programs));
        var tend = TendHost.Start(["run", dir.File("tend.conf")]);
        var psi = new ProcessStartInfo(Tools.Require("supervisord"), ["-n", "-c", dir.File("real.conf")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var real = Process.Start(psi)!;
        real.BeginOutputReadLine();
        real.BeginErrorReadLine();
        var pair = new Pair { Dir = dir, Tend = tend, Supervisord = real };
        try
        {
            if (ready is null) WaitUntil(() => AllUp(pair.OnTend("status").Out) && AllUp(pair.OnReal("status").Out), "both to run every program");
            else WaitUntil(() => ready(pair), "both to be ready", seconds: 60);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
        return pair;
    }

    private static bool AllUp(string status)
    {
        var rows = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return rows.Length >= 5 && rows.All(r => r.Contains("RUNNING"));
    }

    private static void WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    private static void Same(Pair pair, params string[] args) => Compare(pair, args, sortLines: false);

    /// <summary>
    /// For group and "all" actions: supervisord reports each process as its action completes, so
    /// its own line order varies from run to run; the lines themselves must be the same.
    /// </summary>
    private static void SameLines(Pair pair, params string[] args) => Compare(pair, args, sortLines: true);

    private static void Compare(Pair pair, string[] args, bool sortLines)
    {
        var real = pair.OnReal(args);
        var tend = pair.OnTend(args);
        string Canonical(string text) => sortLines
            ? string.Join('\n', Normalize(text).Split('\n').Order(StringComparer.Ordinal))
            : Normalize(text);
        Assert.True(Canonical(real.Out) == Canonical(tend.Out) && real.Code == tend.Code,
            $"supervisorctl {string.Join(' ', args)}\n-- against supervisord (exit {real.Code}):\n{real.Out}\n-- against tend (exit {tend.Code}):\n{tend.Out}");
    }

    [Fact(Timeout = 600_000)]
    public async Task Supervisorctl_prints_the_same_against_Tend_as_against_supervisord()
    {
        await Task.Yield();
        using var pair = Start(Programs);
        Same(pair, "status");
        Same(pair, "status", "sleeper", "worker");
        Same(pair, "status", "nosuch");
        Same(pair, "stop", "worker");
        Same(pair, "stop", "worker");            // not running: an error, exit code kept
        Same(pair, "status", "worker");          // STOPPED with its date
        Same(pair, "start", "worker");           // waits for startsecs, then "started"
        Same(pair, "start", "worker");           // already started
        Same(pair, "restart", "sleeper");
        SameLines(pair, "stop", "queue:*");
        SameLines(pair, "start", "queue:*");
        Same(pair, "stop", "queue:queue_1");
        Same(pair, "start", "queue:queue_1");
        Same(pair, "signal", "HUP", "sleeper");
        Same(pair, "signal", "NOPE", "sleeper");
        Same(pair, "start", "nosuch");
        Same(pair, "pid");
        Same(pair, "pid", "worker");
        Same(pair, "avail");
        Same(pair, "clear", "talker");
        SameLines(pair, "restart", "all");
        Same(pair, "status");

        // Edit both files the same way: one program added, one changed, one removed.
        foreach (var conf in new[] { pair.TendConf, pair.RealConf })
        {
            var text = File.ReadAllText(conf)
                .Replace("[program:sleeper]\ncommand=sleep 100000\nstartsecs=0\n", "")
                .Replace("[program:worker]\ncommand=sleep 100000", "[program:worker]\ncommand=sleep 200000");
            File.WriteAllText(conf, text + "\n[program:newbie]\ncommand=sleep 100000\nstartsecs=0\n");
        }
        Same(pair, "reread");
        SameLines(pair, "update");
        WaitUntil(() => pair.OnTend("status", "newbie").Out.Contains("RUNNING") && pair.OnReal("status", "worker").Out.Contains("RUNNING"), "the update");
        WaitUntil(() => pair.OnTend("status", "worker").Out.Contains("RUNNING"), "worker after the update");
        Same(pair, "status");
        Same(pair, "avail");

        var tendShutdown = pair.OnTend("shutdown");
        Assert.Equal((0, "Shut down\n"), tendShutdown);
        Assert.Equal(0, pair.Tend.WaitForExit());
    }

    [Fact(Timeout = 180_000)]
    public async Task Supervisorctl_says_a_program_went_FATAL_because_it_exited_too_quickly_as_supervisord_does()
    {
        await Task.Yield();
        // Default startsecs (1) and startretries (3): a command that fails at once goes BACKOFF, then FATAL.
        string? backoffOnTend = null;
        using var pair = Start("""
            [program:sleeper]
            command=sleep 100000
            startsecs=0

            [program:flaky]
            command=sh -c 'exit 3'
            """, pair =>
            {
                var tend = pair.OnTend("status", "flaky").Out;
                if (tend.Contains("BACKOFF")) backoffOnTend = tend;
                return tend.Contains("FATAL") && pair.OnReal("status", "flaky").Out.Contains("FATAL");
            });
        Same(pair, "status", "flaky");
        Same(pair, "status");
        Assert.Matches(@"^flaky +FATAL +Exited too quickly \(process log may have details\)\n$", pair.OnTend("status", "flaky").Out);
        if (backoffOnTend is not null) // seen while it was retrying (supervisord says the same then)
            Assert.Matches(@"^flaky +BACKOFF +Exited too quickly \(process log may have details\)\n$", backoffOnTend);
    }

    [Fact(Timeout = 120_000)]
    public async Task Supervisorctl_tails_reads_new_lines_with_tail_f_and_maintail()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("tend.conf", Conf(dir.Path, "tend", Programs + "\n[program:errs]\ncommand=sh -c 'echo on-stderr >&2; exec sleep 100000'\nstartsecs=0\n"));
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine(l => l.EndsWith("| line 3", StringComparison.Ordinal));

        var tail = Tools.Run("supervisorctl", ["-c", conf, "tail", "talker"]);
        Assert.Equal(0, tail.Code);
        Assert.Contains("line 1\nline 2\n", tail.Out);
        var stderr = Tools.Run("supervisorctl", ["-c", conf, "tail", "errs", "stderr"]);
        Assert.Contains("on-stderr", stderr.Out);
        var main = Tools.Run("supervisorctl", ["-c", conf, "maintail"]);
        Assert.Contains("talker started pid", main.Out);

        // tail -f: lines written after it started arrive.
        var psi = new ProcessStartInfo(Tools.Require("supervisorctl"), ["-c", conf, "tail", "-f", "talker"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var follower = Process.Start(psi)!;
        var lines = new System.Collections.Concurrent.BlockingCollection<string>();
        follower.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        follower.BeginOutputReadLine();
        try
        {
            var numbers = new List<int>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (numbers.Count < 3 && DateTime.UtcNow < deadline)
                if (lines.TryTake(out var line, TimeSpan.FromSeconds(1)) && line.StartsWith("line ", StringComparison.Ordinal))
                    numbers.Add(int.Parse(line[5..]));
            Assert.True(numbers.Count >= 3, $"tail -f printed {numbers.Count} lines");
            var written = tend.Count("| line ");
            // Followed lines keep coming in order, beyond what was written when the tail began.
            Assert.Equal(numbers.Order(), numbers);
            WaitUntil(() => tend.Count("| line ") > written + 2, "more talker lines");
            var more = 0;
            while (more < 2 && lines.TryTake(out var l, TimeSpan.FromSeconds(10))) if (l.StartsWith("line ", StringComparison.Ordinal)) more++;
            Assert.Equal(2, more);
        }
        finally
        {
            follower.Kill();
            follower.WaitForExit();
        }
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task The_socket_is_0700_and_Basic_auth_is_enforced_as_supervisord_does()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var sha = "{SHA}" + Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("s3cret"u8));
        string Conf(string password) => $"""
            [unix_http_server]
            file={dir.Path}/auth.sock
            username=alice
            password={sha}

            [supervisord]
            nodaemon=true

            [supervisorctl]
            serverurl=unix://{dir.Path}/auth.sock
            username=alice
            password={password}

            [program:sleeper]
            command=sleep 100000
            startsecs=0
            """;
        var good = dir.Write("good.conf", Conf("s3cret"));
        var bad = dir.Write("bad.conf", Conf("wrong"));
        using var tend = TendHost.Start(["run", good]);
        WaitUntil(() => Tools.Run("supervisorctl", ["-c", good, "status"]).Out.Contains("RUNNING"), "sleeper through the authenticated socket");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.File("auth.sock")));
        var refused = Tools.Run("supervisorctl", ["-c", bad, "status"]);
        Assert.Equal(1, refused.Code);
        Assert.Contains("Server requires authentication", refused.Out);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
