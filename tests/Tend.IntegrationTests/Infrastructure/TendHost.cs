using System.Diagnostics;
using Tend.TestInfrastructure;

namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// Tend running as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`), with its
/// stdout and stderr captured line by line. Tests wait on lines (events), never on bare sleeps;
/// every wait has a timeout. (System.Diagnostics.Process is fine here: this is the test process,
/// not Tend.)
/// What a host starts ends with it, however the test ends: Dispose kills the whole tree (for PID 1,
/// killing the namespace's init ends everything in the namespace) and returns once none of it
/// runs; hosts still alive when the test process exits (a test abandoned by xunit's timeout, one
/// that never disposed) are disposed then; and the janitor (ProcessJanitor) kills what is left if
/// the test process dies without running any of that.
/// </summary>
public sealed class TendHost : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly List<(string Stream, string Line)> _all = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly HashSet<TendHost> Live = [];

    static TendHost()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            TendHost[] left;
            lock (Live) left = [.. Live];
            foreach (var host in left) host.Dispose();
        };
    }

    private TendHost(Process process) => _process = process;

    /// <summary>Starts `tend ARGS...` as PID 1. With <paramref name="pid1"/> false it runs as a normal child (subreaper).</summary>
    /// <param name="launcher">Commands that exec Tend in the end (e.g. prlimit), put before it.</param>
    /// <param name="janitor">Who ends this host's tree if the test process dies first (default: the test process's own).</param>
    public static TendHost Start(IEnumerable<string> tendArgs, bool pid1 = true, bool readStdout = true,
        IDictionary<string, string>? env = null, IEnumerable<string>? launcher = null, string? workingDir = null, string? tendPath = null,
        ProcessJanitor? janitor = null)
    {
        var tend = tendPath ?? Paths.Tend;
        Paths.RequireRoot();
        var psi = new ProcessStartInfo
        {
            FileName = pid1 ? "unshare" : tend,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDir ?? "",
        };
        if (pid1)
        {
            foreach (var a in new[] { "--pid", "--fork", "--mount-proc", "--kill-child" }.Concat(launcher ?? []).Append(tend))
                psi.ArgumentList.Add(a);
        }
        foreach (var a in tendArgs) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        // Each Tend gets its own control socket: tests run in parallel and share the filesystem.
        var socket = Path.Combine(Path.GetTempPath(), $"tend-it-{Guid.NewGuid():N}.sock");
        psi.Environment["TEND_SOCKET"] = socket;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new TendHost(process) { SocketPath = psi.Environment["TEND_SOCKET"]! };
        process.OutputDataReceived += (_, e) => host.Add("out", e.Data);
        process.ErrorDataReceived += (_, e) => host.Add("err", e.Data);
        process.Exited += (_, _) => host._exited.TrySetResult();
        process.Start();
        (janitor ?? ProcessJanitor.Shared).Register(process.Id);
        lock (Live) Live.Add(host);
        if (readStdout) process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs Tend on a YAML config written into <paramref name="dir"/>.</summary>
    public static TendHost Run(TempDir dir, string yaml, params string[] extraArgs)
    {
        var config = dir.Write("tend.yaml", yaml);
        return Start(["run", config, .. extraArgs]);
    }

    private void Add(string stream, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            (stream == "out" ? _stdout : _stderr).Add(line);
            _all.Add((stream, line));
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>This Tend's control socket.</summary>
    public string SocketPath { get; private init; } = "";

    public IReadOnlyList<string> Stdout { get { lock (_gate) return _stdout.ToList(); } }
    public IReadOnlyList<string> Stderr { get { lock (_gate) return _stderr.ToList(); } }
    public IReadOnlyList<(string Stream, string Line)> AllLines { get { lock (_gate) return _all.ToList(); } }

    public string Transcript()
    {
        lock (_gate) return string.Join("\n", _all.Select(l => $"[{l.Stream}] {l.Line}"));
    }

    /// <summary>Waits for a line on stdout (or stderr with <paramref name="stream"/> "err") that satisfies the predicate.</summary>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan? timeout = null, string stream = "out")
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        lock (_gate)
        {
            while (true)
            {
                var lines = stream == "out" ? _stdout : _stderr;
                var found = lines.FirstOrDefault(predicate);
                if (found is not null) return found;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no matching line on std{stream} within the timeout. Transcript:\n{Transcript()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    public string WaitForLine(string contains, TimeSpan? timeout = null, string stream = "out") =>
        WaitForLine(l => l.Contains(contains, StringComparison.Ordinal), timeout, stream);

    /// <summary>How many lines so far contain the text.</summary>
    public int Count(string contains, string stream = "out")
    {
        lock (_gate) return (stream == "out" ? _stdout : _stderr).Count(l => l.Contains(contains, StringComparison.Ordinal));
    }

    /// <summary>Waits until at least <paramref name="n"/> lines contain the text.</summary>
    public void WaitForCount(string contains, int n, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        lock (_gate)
        {
            while (_stdout.Count(l => l.Contains(contains, StringComparison.Ordinal)) < n)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"fewer than {n} lines with '{contains}'. Transcript:\n{Transcript()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>The pid of Tend itself, seen from outside its namespace.</summary>
    public int TendPid
    {
        get
        {
            if (_process.StartInfo.FileName != "unshare") return _process.Id;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (DateTime.UtcNow < deadline)
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
                {
                    var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (children.Length > 0) return int.Parse(children[0]);
                }
                Thread.Sleep(5);
            }
            throw new InvalidOperationException("unshare has no child");
        }
    }

    public void Signal(int signal)
    {
        if (kill(TendPid, signal) != 0) throw new InvalidOperationException($"kill failed: {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for Tend to exit and returns its exit code.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_exited.Task.Wait(timeout ?? DefaultTimeout))
            throw new TimeoutException($"tend did not exit within the timeout. Transcript:\n{Transcript()}");
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process the host started: unshare for PID 1 (Tend is its child), else Tend.</summary>
    public int LauncherPid => _process.Id;

    /// <summary>
    /// Ends everything the host started and returns once none of it runs (bounded): the tree is
    /// frozen, so that Tend cannot restart what is being killed, then killed. As PID 1, killing
    /// Tend, the namespace's init, ends every process in the namespace, re-parented or not.
    /// </summary>
    public void Dispose()
    {
        lock (Live) if (!Live.Remove(this)) return;
        try
        {
            if (!_process.HasExited)
            {
                var tree = ProcessJanitor.Tree(_process.Id);
                foreach (var pid in tree) kill(pid, SigStop);
                foreach (var pid in tree) kill(pid, SigKill);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (tree.Any(ProcessJanitor.IsRunning) && DateTime.UtcNow < deadline)
                    Thread.Sleep(5); // the kernel's own pace; nothing announces a process's end to a non-parent
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { } // it was never started or is already gone
        _process.Dispose();
    }

    private const int SigKill = 9, SigStop = 19;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
