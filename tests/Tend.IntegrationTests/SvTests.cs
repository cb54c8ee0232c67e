using System.Diagnostics;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// The real sv (Debian's runit package) against Tend as PID 1 running a runit tree
/// (`tend run DIR`), and against the real runsvdir/runsv on a copy of the same tree: what sv
/// prints and its exit code must be the same, pids and seconds aside. Every wait polls sv status
/// (or a file) with a deadline.
/// </summary>
public class SvTests
{
    private static readonly string[] Services = ["web", "worker", "idle", "stubborn"];

    /// <summary>web has a log service, worker is plain, idle has a down file, stubborn ignores TERM.</summary>
    private static void WriteTree(string root)
    {
        Service(Path.Combine(root, "stubborn"), "trap '' TERM\nexec sleep 100000");
        Service(Path.Combine(root, "web"), "exec sleep 100000");
        Service(Path.Combine(root, "web", "log"), "exec sleep 100000");
        Service(Path.Combine(root, "worker"), "exec sleep 100000");
        Service(Path.Combine(root, "idle"), "exec sleep 100000");
        File.WriteAllText(Path.Combine(root, "idle", "down"), "");
    }

    private static void Service(string dir, string body)
    {
        Directory.CreateDirectory(dir);
        var run = Path.Combine(dir, "run");
        File.WriteAllText(run, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(run, (UnixFileMode)0b111_101_101);
    }

    /// <summary>Pids and ages differ between two supervisors; nothing else may.</summary>
    private static string Normalize(string text)
    {
        text = Regex.Replace(text, @"\(pid \d+\)", "(pid N)");
        return Regex.Replace(text, @"\b\d+s\b", "Ns");
    }

    private sealed class Pair : IDisposable
    {
        public required TempDir Dir { get; init; }
        public required TendHost Tend { get; init; }
        public required Process Runsvdir { get; init; }
        public string TendTree => Dir.File("tend");
        public string RealTree => Dir.File("real");

        public (int Code, string Out) OnTend(params string[] args) => Sv(TendTree, args);
        public (int Code, string Out) OnReal(params string[] args) => Sv(RealTree, args);

        public static (int Code, string Out) Sv(string tree, string[] args)
        {
            var (code, stdout, stderr) = Tools.Run("sv", args, env: new Dictionary<string, string> { ["SVDIR"] = tree });
            return (code, stdout + stderr);
        }

        /// <summary>runsvdir's SIGHUP: TERM to every runsv, which stops its service and log and exits.</summary>
        public void Dispose()
        {
            if (!Runsvdir.HasExited) kill(Runsvdir.Id, 1); // not SIGKILL: that would leave the runsvs running
            Runsvdir.WaitForExit(5000);
            Runsvdir.Dispose();
            StopRunsvs(RealTree);
            Tend.Dispose();
            Dir.Dispose();
        }
    }

    /// <summary>
    /// After runsvdir is gone, every runsv must end: each is told to exit and its process killed
    /// (stubborn ignores TERM; the logger only ends by a signal, as it never reads its pipe) until sv
    /// finds none left.
    /// </summary>
    private static void StopRunsvs(string tree)
    {
        var dirs = Services.Select(s => Path.Combine(tree, s)).Append(Path.Combine(tree, "web", "log")).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var left = dirs.Where(d => !Pair.Sv(tree, ["status", d]).Out.Contains("runsv not running")).ToList();
            if (left.Count == 0) return;
            foreach (var d in left) { Pair.Sv(tree, ["exit", d]); Pair.Sv(tree, ["kill", d]); }
            Thread.Sleep(100);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int signal);

    private static Pair Start()
    {
        var dir = new TempDir();
        WriteTree(dir.File("tend"));
        WriteTree(dir.File("real"));
        var tend = TendHost.Start(["run", dir.File("tend")]);
        var psi = new ProcessStartInfo(Tools.Require("runsvdir"), [dir.File("real")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var real = Process.Start(psi)!;
        real.BeginOutputReadLine();
        real.BeginErrorReadLine();
        var pair = new Pair { Dir = dir, Tend = tend, Runsvdir = real };
        foreach (var tree in new[] { pair.TendTree, pair.RealTree })
        {
            WaitForStatus(tree, "web", s => s.StartsWith("run: web:") && s.Contains("; run: log:"));
            WaitForStatus(tree, "worker", s => s.StartsWith("run: worker:"));
            WaitForStatus(tree, "idle", s => s.StartsWith("down: idle:"));
            WaitForStatus(tree, "stubborn", s => s.StartsWith("run: stubborn:"));
        }
        return pair;
    }

    private static string WaitForStatus(string tree, string service, Func<string, bool> ok, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (_, text) = Pair.Sv(tree, ["status", service]);
            if (ok(text)) return text;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{tree}: timed out waiting on '{service}'; last status: {text}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Both supervisors, until the service's status satisfies <paramref name="ok"/>.</summary>
    private static void WaitBoth(Pair pair, string service, Func<string, bool> ok)
    {
        WaitForStatus(pair.TendTree, service, ok);
        WaitForStatus(pair.RealTree, service, ok);
    }

    /// <summary>
    /// sv's waits accept a state whose timestamp is not older than sv's own start (in seconds), so
    /// a service that changed state less than a second ago would satisfy "once" at once on one
    /// side and not on the other: let its age reach a second first.
    /// </summary>
    private static void WaitOneSecondOld(Pair pair, string service) =>
        WaitBoth(pair, service, s => Regex.IsMatch(s, $@"^\w+: {service}: (\(pid \d+\) )?[1-9]\d*s"));

    private static int PidOf(string status) => int.Parse(Regex.Match(status, @"\(pid (\d+)\)").Groups[1].Value);

    private static void Same(Pair pair, params string[] args)
    {
        var real = pair.OnReal(args);
        var tend = pair.OnTend(args);
        Assert.True(Normalize(real.Out) == Normalize(tend.Out) && real.Code == tend.Code,
            $"sv {string.Join(' ', args)}\n-- against runsv (exit {real.Code}):\n{real.Out}\n-- against tend (exit {tend.Code}):\n{tend.Out}\n-- tend:\n{pair.Tend.Transcript()}");
    }

    [Fact(Timeout = 180_000)]
    public async Task Sv_prints_the_same_against_Tend_as_against_runsv()
    {
        await Task.Yield();
        using var pair = Start();
        Same(pair, "status", "web", "worker", "idle");
        Same(pair, "status", "nosuch");
        Same(pair, "check", "web", "worker");

        // Waiting commands: each prints the state it waited for.
        Same(pair, "-w", "5", "down", "worker");
        Same(pair, "status", "worker");
        Same(pair, "-w", "5", "up", "worker");
        WaitOneSecondOld(pair, "idle");
        Same(pair, "-w", "5", "once", "idle");
        Same(pair, "status", "idle");                       // run, normally down, want down
        Same(pair, "-w", "5", "restart", "web");
        Same(pair, "status", "web");

        // pause and cont: the flag is in the record sv reads.
        Same(pair, "pause", "worker");
        WaitBoth(pair, "worker", s => s.Contains(", paused"));
        Same(pair, "status", "worker");
        Same(pair, "cont", "worker");
        WaitBoth(pair, "worker", s => !s.Contains(", paused"));
        Same(pair, "status", "worker");

        // term with want down: stopped, not restarted.
        Same(pair, "term", "idle");
        WaitBoth(pair, "idle", s => s.StartsWith("down: idle:"));
        Same(pair, "status", "idle");

        // kill and hup with want up: the service is restarted with a new pid.
        foreach (var (verb, service) in new[] { ("kill", "worker"), ("hup", "web") })
        {
            var before = (PidOf(pair.OnTend("status", service).Out), PidOf(pair.OnReal("status", service).Out));
            Same(pair, verb, service);
            WaitForStatus(pair.TendTree, service, s => s.StartsWith($"run: {service}:") && PidOf(s) != before.Item1);
            WaitForStatus(pair.RealTree, service, s => s.StartsWith($"run: {service}:") && PidOf(s) != before.Item2);
            Same(pair, "status", service);
        }

        // down with a log: the service stops, its logger keeps running.
        Same(pair, "-w", "5", "down", "web");
        Same(pair, "status", "web");
        Same(pair, "-w", "5", "up", "web");

        // exit: supervision of the service ends, and sv says so.
        // The real runsv sometimes leaves 'x' unanswered here on a loaded machine (sv then times out
        // with the service still running), so this step is checked against what runsv answers when it
        // does answer, not compared run by run.
        WaitOneSecondOld(pair, "worker");
        var exit = pair.OnTend("-w", "5", "exit", "worker");
        Assert.Equal((0, "ok: worker: runsv not running\n"), exit);
        Assert.Equal((1, "fail: worker: runsv not running\n"), pair.OnTend("status", "worker"));
        Assert.Equal((1, "fail: worker: runsv not running\n"), pair.OnTend("-w", "1", "up", "worker"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Sv_w_times_out_the_same_way()
    {
        await Task.Yield();
        using var pair = Start();
        // stubborn ignores TERM: sv gives up after the wait, prints what it saw (want down, got TERM)
        // and counts the failures in its exit code; a missing service counts too.
        Same(pair, "-w", "1", "down", "stubborn", "nosuch", "worker");
        Same(pair, "status", "stubborn", "worker");
        Same(pair, "-w", "5", "up", "worker");
    }

    [Fact(Timeout = 120_000)]
    public async Task Sigterm_to_Tend_stops_every_service_gracefully()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var tree = dir.File("tree");
        foreach (var name in new[] { "web", "worker" })
            Service(Path.Combine(tree, name), $"trap 'echo bye > ../../{name}.bye; exit 0' TERM\nsleep 100000 &\nwait");
        Service(Path.Combine(tree, "web", "log"), "trap 'echo bye > ../../../web-log.bye; exit 0' TERM\nsleep 100000 &\nwait");
        using var tend = TendHost.Start(["run", tree]);
        WaitForStatus(tree, "web", s => s.StartsWith("run: web:") && s.Contains("; run: log:"));
        WaitForStatus(tree, "worker", s => s.StartsWith("run: worker:"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        foreach (var name in new[] { "web", "worker", "web-log" })
            Assert.True(File.Exists(dir.File($"{name}.bye")), $"{name} did not get TERM. Transcript:\n{tend.Transcript()}");
        // Released: sv sees no supervisor, and the last record says down.
        var (code, text) = Pair.Sv(tree, ["status", "web"]);
        Assert.Equal((1, "fail: web: runsv not running\n"), (code, text));
        Assert.Equal("down\n", File.ReadAllText(Path.Combine(tree, "web", "supervise", "stat")));
        Assert.Equal("down\n", File.ReadAllText(Path.Combine(tree, "web", "log", "supervise", "stat")));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_control_script_replaces_the_signal_when_it_exits_0_and_gets_no_arguments()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var tree = dir.File("tree");
        var svc = Path.Combine(tree, "svc");
        // The service records the HUPs it gets; control/h records its arguments and exits 0, so
        // runsv (and Tend) must not send HUP; control/a exits 1, so ALRM is sent after it ran.
        // runsv passes a control script no arguments (see Control_u_runs_before_every_start_as_with_runsv).
        Service(svc, "trap 'echo hup >> ../../got' HUP\ntrap 'echo alrm >> ../../got' ALRM\nwhile :; do sleep 0.05; done");
        Directory.CreateDirectory(Path.Combine(svc, "control"));
        foreach (var (c, code) in new[] { ("h", 0), ("a", 1) })
        {
            var hook = Path.Combine(svc, "control", c);
            File.WriteAllText(hook, $"#!/bin/sh\necho \"{c} argc=$#\" >> ../../hooks\nexit {code}\n");
            File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        }
        using var tend = TendHost.Start(["run", tree]);
        WaitForStatus(tree, "svc", s => s.StartsWith("run: svc:"));

        Assert.Equal(0, Pair.Sv(tree, ["hup", "svc"]).Code);
        Assert.Equal(0, Pair.Sv(tree, ["alarm", "svc"]).Code);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(dir.File("got")) && File.ReadAllText(dir.File("got")).Contains("alrm")) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(["h argc=0", "a argc=0"], File.ReadAllLines(dir.File("hooks")));
        Assert.Equal(["alrm"], File.ReadAllLines(dir.File("got"))); // HUP replaced by control/h, ALRM sent
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 120_000)]
    public async Task While_finish_runs_sv_shows_finish_with_its_pid_then_run_again()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var tree = dir.File("tree");
        var svc = Path.Combine(tree, "svc");
        Service(svc, "exec sleep 100000");
        var finish = Path.Combine(svc, "finish");
        File.WriteAllText(finish, $"#!/bin/sh\necho \"$@\" >> {dir.File("finish-args")}\nwhile [ ! -e {dir.File("release")} ]; do sleep 0.02; done\n");
        File.SetUnixFileMode(finish, (UnixFileMode)0b111_101_101);
        using var tend = TendHost.Start(["run", tree]);
        var first = PidOf(WaitForStatus(tree, "svc", s => s.StartsWith("run: svc:")));

        Assert.Equal(0, Pair.Sv(tree, ["term", "svc"]).Code);
        var during = WaitForStatus(tree, "svc", s => s.StartsWith("finish: svc: (pid "));
        Assert.NotEqual(first, PidOf(during)); // the finish script's pid, not the service's
        Assert.Equal(["-1 15"], File.ReadAllLines(dir.File("finish-args"))); // killed by TERM, as runsv says it

        File.WriteAllText(dir.File("release"), "");
        var again = WaitForStatus(tree, "svc", s => s.StartsWith("run: svc:"));
        Assert.NotEqual(first, PidOf(again));
        tend.Signal(15);
        tend.WaitForExit();
    }

    /// <summary>
    /// runsv runs control/u before every start of ./run, not only those sv asks for: the first one
    /// and each restart after ./run exits. The same tree under the real runsv and under Tend.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Control_u_runs_before_every_start_as_with_runsv()
    {
        await Task.Yield();
        using var dir = new TempDir();
        foreach (var name in new[] { "real", "tend" })
        {
            var svc = Path.Combine(dir.File(name), "svc");
            Service(svc, "echo run >> ../events\nexec sleep 0.3"); // exits, so it is restarted
            Directory.CreateDirectory(Path.Combine(svc, "control"));
            var hook = Path.Combine(svc, "control", "u");
            File.WriteAllText(hook, "#!/bin/sh\necho \"u argc=$#\" >> ../events\n");
            File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        }
        var realSvc = Path.Combine(dir.File("real"), "svc");
        var psi = new ProcessStartInfo(Tools.Require("runsv"), [realSvc]) { UseShellExecute = false, RedirectStandardError = true };
        using var runsv = Process.Start(psi)!;
        runsv.BeginErrorReadLine();
        using var tend = TendHost.Start(["run", dir.File("tend")]);
        try
        {
            // runsv restarts once a second; three starts are enough to see the pattern.
            string[] Events(string name) => File.Exists(Path.Combine(dir.File(name), "events")) ? File.ReadAllLines(Path.Combine(dir.File(name), "events")) : [];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((Events("real").Length < 6 || Events("tend").Length < 6) && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            string[] expected = ["u argc=0", "run", "u argc=0", "run", "u argc=0", "run"];
            Assert.Equal(expected, Events("real").Take(6));
            Assert.Equal(expected, Events("tend").Take(6));
        }
        finally
        {
            kill(runsv.Id, 15); // runsv's TERM: stop the service and exit
            runsv.WaitForExit(5000);
            tend.Signal(15);
            tend.WaitForExit();
        }
    }
}
