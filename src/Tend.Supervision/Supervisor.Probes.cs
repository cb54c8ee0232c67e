using Tend.Health;
using Tend.Model;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Readiness and liveness probes. HTTP and TCP checks run on the probe runner's threads; exec
/// checks are children of Tend, so they are spawned and reaped here, on the loop thread, like
/// programs: each in a session and process group of its own, killed whole when it ends or times
/// out. Results come back to the loop through <see cref="Post"/>, pass the thresholds
/// (<see cref="ProbeTracker"/>), and change readiness, or restart a program whose liveness probe
/// fails, with the usual backoff.
/// </summary>
public sealed partial class Supervisor
{
    private ProbeRunner? _probes;
    private readonly Dictionary<(string, ProbeRole), ProbeTracker> _trackers = [];
    /// <summary>One run of an exec check: its key, and when it is killed (long.MinValue once it timed out: its result is given).</summary>
    private sealed class ExecProbeRun(ProbeKey key, long deadlineMs)
    {
        public ProbeKey Key { get; } = key;
        public long DeadlineMs { get; set; } = deadlineMs;
        public bool TimedOut { get; set; }
    }
    private int _devNull = -1;

    private static bool HasProbes(ProgramRuntime p) => p.Spec.Readiness is not null || p.Spec.Liveness is not null || p.Spec.Startup is not null;

    /// <summary>At a start: the startup probe alone when there is one (readiness and liveness wait until it passes, as in Kubernetes), otherwise readiness and liveness.</summary>
    private void WatchProbes(ProgramRuntime p, long now)
    {
        if (!HasProbes(p)) return;
        _probes ??= new ProbeRunner((key, result) => Post(() => OnProbeResult(key, result)),
            (key, spec) => Post(() => RunExecProbe(key, spec)));
        p.Generation++;
        if (p.Spec.Startup is { } startup) Watch(p, ProbeRole.Startup, startup, now);
        else WatchReadinessAndLiveness(p, now);
    }

    private void WatchReadinessAndLiveness(ProgramRuntime p, long now)
    {
        if (p.Spec.Readiness is { } readiness) Watch(p, ProbeRole.Readiness, readiness, now);
        if (p.Spec.Liveness is { } liveness) Watch(p, ProbeRole.Liveness, liveness, now);
    }

    private void Watch(ProgramRuntime p, ProbeRole role, ProbeSpec spec, long now)
    {
        _trackers[(p.Name, role)] = new ProbeTracker(spec);
        _probes!.Watch(new ProbeKey(p.Name, role, p.Generation), spec, now);
    }

    private void UnwatchProbes(ProgramRuntime p)
    {
        if (_probes is null || !HasProbes(p)) return;
        _probes.Unwatch(p.Name);
        p.Generation++; // results still in flight belong to the old run
    }

    private void RunExecProbe(ProbeKey key, ProbeSpec spec)
    {
        var p = Find(key.Program);
        if (p is null || key.Generation != p.Generation || p.Pid <= 0) { _probes?.ExecFinished(key, new ProbeResult(false, "program not running")); return; }
        if (_devNull < 0) _devNull = OpenDevNull();
        var result = _processes.Spawn(new SpawnRequest
        {
            Argv = spec.Command,
            Environment = EnvironmentOf(p),
            WorkingDir = p.Spec.WorkingDir,
            StdoutFd = _devNull,
            StderrFd = _devNull,
        });
        if (!result.Ok)
        {
            var failed = new ProbeResult(false, $"cannot run probe: {result.Error}");
            _probes?.ExecFinished(key, failed);
            OnProbeResult(key, failed);
            return;
        }
        _children[result.Pid] = new Child(ChildKind.ExecProbe, Probe: new ExecProbeRun(key, NowMs + (long)spec.Timeout.TotalMilliseconds));
    }

    /// <summary>An exec check ended (routed by <see cref="RouteExits"/>).</summary>
    private void OnExecProbeExit(int pid, ExecProbeRun probe, ExitStatus status)
    {
        // Whatever the check left running in its group (`cmd &`) ends with it, or one would pile up per check.
        _processes.SignalGroupOfReapedLeader(pid, Signals.SIGKILL);
        if (probe.TimedOut) return; // already reported
        var result = status is { Signaled: false, Code: 0 } ? new ProbeResult(true, "exit code 0") : new ProbeResult(false, $"exited with {Describe(status)}");
        _probes?.ExecFinished(probe.Key, result);
        OnProbeResult(probe.Key, result);
    }

    /// <summary>An exec check outlived its timeout: SIGKILL to its group, and a failed result now (it is reaped later).</summary>
    private void ExecProbeTimedOut(int pid, ExecProbeRun probe)
    {
        _processes.SignalGroup(pid, Signals.SIGKILL);
        probe.DeadlineMs = long.MaxValue;
        probe.TimedOut = true;
        var result = new ProbeResult(false, "timed out");
        _probes?.ExecFinished(probe.Key, result);
        OnProbeResult(probe.Key, result);
    }

    private void OnProbeResult(ProbeKey key, ProbeResult result)
    {
        var p = Find(key.Program);
        if (p is null || key.Generation != p.Generation || !_trackers.TryGetValue((key.Program, key.Role), out var tracker)) return;
        if (!result.Success) p.ProbeFailures++;
        var before = tracker.Status;
        var failuresBefore = tracker.ConsecutiveFailures;
        var status = tracker.Record(result.Success);
        if (ProbeFailureLog.Line(p.Name, key.Role, result, failuresBefore, WaitingOn(p)) is { } line)
            Log(line, level: result.Success ? Chat.Info : Chat.Warning);
        if (status != before && status != ProbeStatus.Unknown) OnProbeVerdict(p, key, status, result);
        RestartIfProbeFails(p, key);
    }

    private void OnProbeVerdict(ProgramRuntime p, ProbeKey key, ProbeStatus status, ProbeResult result)
    {
        var passing = status == ProbeStatus.Passing;
        if (key.Role == ProbeRole.Startup)
        {
            p.StartupPassing = passing;
            if (!passing) return; // the restart is RestartIfProbeFails's
            // Passed once: it has done its job for this run; readiness and liveness take over now.
            _probes?.Unwatch(p.Name, ProbeRole.Startup);
            _trackers.Remove((p.Name, ProbeRole.Startup));
            Log($"{p.Name} passed its startup probe ({result.Detail})");
            WatchReadinessAndLiveness(p, NowMs);
            if (_waiters.Count > 0) SettleWaiters(p);
            return;
        }
        if (key.Role == ProbeRole.Readiness)
        {
            p.ReadinessPassing = passing;
            // Ready implies started, as for sd_notify and notification-fd: a program that answers
            // its readiness probe need not sit out start_seconds before its dependents may start.
            if (passing) OnReady(p, "readiness probe");
            Log(passing ? $"{p.Name} is ready ({result.Detail})" : $"{p.Name} is not ready: readiness probe failed ({result.Detail})");
            if (passing && _waiters.Count > 0) SettleWaiters(p);
            return;
        }
        p.LivenessPassing = passing;
        if (passing) p.LivenessRestarts = 0;
    }

    /// <summary>The programs held back by a depends_on on <paramref name="p"/>, for the probe's log line.</summary>
    private List<string> WaitingOn(ProgramRuntime p) =>
        [.. _programs.Where(x => x.WaitingFor is not null && x.Spec.DependsOn.Any(d => d.Program == p.Name)).Select(x => x.Name)];

    /// <summary>
    /// A liveness or startup probe that is failing restarts a program that is up (checked on every
    /// result, not only on the change). A failing startup probe is the same event as a failing
    /// liveness probe: Kubernetes restarts the container for either.
    /// </summary>
    private void RestartIfProbeFails(ProgramRuntime p, ProbeKey key)
    {
        if (_shuttingDown) return;
        if (key.Role == ProbeRole.Liveness && p.LivenessPassing == false) OnLivenessFailed(p);
        else if (key.Role == ProbeRole.Startup && p.StartupPassing == false) OnLivenessFailed(p, "startup probe");
    }

    private static unsafe int OpenDevNull()
    {
        var fds = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        // Keep the handle alive for the process lifetime; the runtime opens it close-on-exec.
        GC.KeepAlive(fds);
        _devNullHandle = fds;
        return (int)fds.DangerousGetHandle();
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle? _devNullHandle;
}
