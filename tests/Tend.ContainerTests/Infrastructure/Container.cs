using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tend.ContainerTests.Infrastructure;

/// <summary>
/// A container started with `podman run -d`, its output followed with `podman logs -f` (stdout and
/// stderr kept apart, as podman keeps them). Tests wait on lines and on podman's own answers
/// (`wait`, `healthcheck run`), each with a timeout. Disposing removes the container.
/// </summary>
public sealed class Container : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<(string Stream, string Line)> _lines = [];
    private readonly object _gate = new();
    private Process? _follower;

    public string Name { get; }

    private Container(string name) => Name = name;

    /// <summary>
    /// `podman run -d --name NAME --network none OPTIONS... IMAGE ARGS...`. The tests reach their
    /// containers through podman (exec, logs, healthcheck) and mounted sockets, never through a
    /// network, so none is made: podman's default network needs netavark and, on Debian 12,
    /// iptables, and a machine without them would fail every test for a reason none of them tests.
    /// The name goes to the janitor first: a test run that dies leaves no container behind.
    /// </summary>
    /// <param name="janitor">Who removes the container if the test process dies first (default: the test process's own).</param>
    public static Container Run(string image, IEnumerable<string>? options = null, IEnumerable<string>? args = null,
        Tend.TestInfrastructure.ProcessJanitor? janitor = null)
    {
        var container = new Container($"tend-ct-{Guid.NewGuid():N}"[..20]);
        (janitor ?? Tend.TestInfrastructure.ProcessJanitor.Shared).RegisterContainer(container.Name);
        string[] run = ["run", "-d", "--name", container.Name, "--network", "none", .. options ?? [], image, .. args ?? []];
        var (code, stdout, stderr) = Podman.Run(run);
        if (code != 0) throw new InvalidOperationException($"podman {string.Join(' ', run)} exited {code}:\n{stdout}\n{stderr}");
        container.Follow();
        return container;
    }

    private void Follow()
    {
        var psi = new ProcessStartInfo(Podman.Executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "logs", "-f", Name }) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => Add("out", e.Data);
        p.ErrorDataReceived += (_, e) => Add("err", e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _follower = p;
    }

    private void Add(string stream, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _lines.Add((stream, line));
            Monitor.PulseAll(_gate);
        }
    }

    public IReadOnlyList<(string Stream, string Line)> Lines { get { lock (_gate) return _lines.ToList(); } }
    public IReadOnlyList<string> Stdout => Lines.Where(l => l.Stream == "out").Select(l => l.Line).ToList();
    public IReadOnlyList<string> Stderr => Lines.Where(l => l.Stream == "err").Select(l => l.Line).ToList();

    /// <summary>Waits for a line matching the regular expression (on the given stream, or either).</summary>
    public string WaitForLine(string pattern, string? stream = null, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        lock (_gate)
        {
            while (true)
            {
                foreach (var (s, line) in _lines)
                    if ((stream is null || s == stream) && regex.IsMatch(line)) return line;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no line /{pattern}/{(stream is null ? "" : " on std" + stream)} from {Name}; got:\n" +
                                               string.Join('\n', _lines.Select(l => $"[{l.Stream}] {l.Line}")));
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>`podman wait`: the container's exit code, once it has exited.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        var (code, stdout, stderr) = Podman.Run(["wait", Name], timeout ?? DefaultTimeout);
        if (code != 0) throw new InvalidOperationException($"podman wait {Name} exited {code}: {stderr}");
        _follower?.WaitForExit(5000); // the last lines are in once `logs -f` ends
        return int.Parse(stdout.Trim());
    }

    /// <summary>`podman stop -t GRACE`, timed.</summary>
    public TimeSpan Stop(int graceSeconds)
    {
        var clock = Stopwatch.StartNew();
        var (code, _, stderr) = Podman.Run(["stop", "-t", graceSeconds.ToString(), Name], TimeSpan.FromSeconds(graceSeconds + 30));
        clock.Stop();
        if (code != 0) throw new InvalidOperationException($"podman stop {Name} exited {code}: {stderr}");
        _follower?.WaitForExit(5000);
        StopWarnings = stderr;
        return clock.Elapsed;
    }

    /// <summary>What `podman stop` printed on stderr (its warning when it had to resort to SIGKILL).</summary>
    public string StopWarnings { get; private set; } = "";

    public string Inspect(string format) => Podman.Ok("inspect", "--format", format, Name).Trim();

    public int ExitCode => int.Parse(Inspect("{{.State.ExitCode}}"));

    public (int Code, string Out, string Err) Exec(params string[] command) => Podman.Run(["exec", Name, .. command]);

    /// <summary>`podman healthcheck run` (podman 4.3 never schedules HEALTHCHECK without systemd).</summary>
    public (int Code, string Output) HealthcheckRun()
    {
        var (code, stdout, stderr) = Podman.Run("healthcheck", "run", Name);
        return (code, (stdout + stderr).Trim());
    }

    public string HealthStatus => Inspect("{{.State.Health.Status}}");

    /// <summary>Runs the healthcheck until the container's health is <paramref name="status"/>.</summary>
    public void WaitForHealth(string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = HealthcheckRun().Output;
            if (HealthStatus == status) return;
            Thread.Sleep(100); // podman has no way to wait for a health change; each run is the event
        }
        throw new TimeoutException($"{Name} did not turn {status}; last healthcheck: {last}; health: {HealthStatus}");
    }

    public void Dispose()
    {
        Podman.Run(["rm", "-f", "-t", "0", Name], TimeSpan.FromSeconds(30));
        if (_follower is { } f)
        {
            if (!f.WaitForExit(5000)) f.Kill();
            f.Dispose();
        }
    }
}
