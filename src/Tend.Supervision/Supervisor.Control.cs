using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// What the control plane may ask. Other threads call <see cref="Call{T}"/>, which runs the work
/// on the loop thread (the only owner of program state) and waits for the answer.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Runs <paramref name="work"/> on the loop thread and returns its result; throws TimeoutException if the loop does not answer.</summary>
    public T Call<T>(Func<T> work, TimeSpan timeout)
    {
        var done = new ManualResetEventSlim(); // not disposed: a late answer after a timeout still sets it
        T result = default!;
        Exception? failure = null;
        Post(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
            finally { done.Set(); }
        });
        if (!done.Wait(timeout)) throw new TimeoutException("the supervisor did not answer in time");
        if (failure is not null) throw new InvalidOperationException(Model.ErrorText.Of(failure), failure);
        return result;
    }

    /// <summary>Every program's status, in start order.</summary>
    public IReadOnlyList<ProgramStatus> Snapshot()
    {
        var now = NowMs;
        return _programs.Select(p => new ProgramStatus(
            p.Name,
            StateName(p),
            p.Pid > 0 ? p.Pid : null,
            p.Pid > 0 ? (now - p.StartedAtMs) / 1000.0 : null,
            p.Restarts,
            p.LastExit is { Signaled: false } e ? e.Code : null,
            p.LastExit is { Signaled: true } k ? Model.Signals.Name(k.Signal) : null,
            p.IsReady,
            p.IsHealthy,
            p.Spec.CountsForHealth,
            p.WaitsForDependencies ? p.WaitingFor : null,
            p.LastError,
            p.ProbeFailures,
            p.StateReason,
            p.Phase.ToString(),
            p.LastExitOom,
            p.OomKills)).ToList();
    }

    public static string StateName(ProgramRuntime p) => p.State.ToString().ToUpperInvariant();

    /// <summary>
    /// Resolves NAME, "all", or GROUP:* and GROUP:NAME (supervisorctl's way to address a group, for
    /// tend.yaml's groups: and replicas as for supervisord's); unknown names get a did-you-mean.
    /// </summary>
    public IReadOnlyList<ProgramRuntime>? Resolve(IReadOnlyList<string> names, out string? error)
    {
        error = null;
        if (names.Count == 1 && names[0] == "all") return _programs;
        var found = new List<ProgramRuntime>();
        foreach (var name in names)
        {
            if (name.IndexOf(':') is var colon and > 0)
            {
                var (group, member) = (name[..colon], name[(colon + 1)..]);
                var members = _programs.Where(q => q.Spec.GroupName == group && (member == "*" || q.Name == member)).ToList();
                if (members.Count == 0)
                {
                    error = member == "*" ? $"no group named '{group}'" : $"no program named '{member}' in group '{group}'";
                    return null;
                }
                found.AddRange(members.Where(m => !found.Contains(m)));
                continue;
            }
            var p = Find(name);
            if (p is null)
            {
                var close = _programs.Select(q => q.Name).OrderBy(q => Distance(q, name)).FirstOrDefault();
                error = close is not null && Distance(close, name) <= 2
                    ? $"no program named '{name}'; did you mean '{close}'?"
                    : $"no program named '{name}'";
                return null;
            }
            found.Add(p);
        }
        return found;
    }

    public ControlOutcome StartProgram(ProgramRuntime p)
    {
        if (_shuttingDown) return ControlOutcome.Refused($"{p.Name}: tend is shutting down");
        if (!OnStartRequested(p, "start requested")) return ControlOutcome.Refused($"{p.Name}: already started ({StateName(p)})");
        p.FailedStarts = 0;
        p.QuickCrashes = 0;
        StartWhatMayStart();
        return ControlOutcome.Done(p.WaitsForDependencies ? $"{p.Name}: waiting for {p.WaitingFor}" : $"{p.Name}: started");
    }

    public ControlOutcome StopProgram(ProgramRuntime p)
    {
        var wasDown = p.IsDown;
        OnStopRequested(p, "stop requested");
        return wasDown ? ControlOutcome.Refused($"{p.Name}: not running ({StateName(p)})") : ControlOutcome.Done($"{p.Name}: stopping");
    }

    public ControlOutcome RestartProgram(ProgramRuntime p)
    {
        if (_shuttingDown) return ControlOutcome.Refused($"{p.Name}: tend is shutting down");
        p.FailedStarts = 0;
        p.QuickCrashes = 0;
        OnRestartRequested(p, "restart requested");
        StartWhatMayStart();
        RestartDependentsOf(p);
        return ControlOutcome.Done($"{p.Name}: restarting");
    }

    public ControlOutcome SignalProgram(ProgramRuntime p, int signal)
    {
        if (p.Pid <= 0) return ControlOutcome.Refused($"{p.Name}: not running ({StateName(p)})");
        _processes.Signal(p.Pid, signal);
        return ControlOutcome.Done($"{p.Name}: sent SIG{Model.Signals.Name(signal)} to pid {p.Pid}");
    }

    /// <summary>The health answer for the control plane.</summary>
    public (bool Healthy, IReadOnlyList<string> Problems) Health() => HealthVerdict.Evaluate(_programs, _shuttingDown);

    /// <summary>Requests the same orderly shutdown as SIGTERM.</summary>
    public ControlOutcome RequestShutdown()
    {
        if (_shuttingDown) return ControlOutcome.Refused("already shutting down");
        Log("shutdown requested through the control socket: stopping all programs");
        BeginShutdown();
        return ControlOutcome.Done("shutting down");
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1); // "wbe" is one swap from "web"
        }
        return d[a.Length, b.Length];
    }
}
