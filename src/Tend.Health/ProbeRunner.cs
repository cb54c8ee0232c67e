using Tend.Model;

namespace Tend.Health;

/// <summary>
/// Runs the HTTP and TCP probes of every program on their schedules, from one dedicated
/// background thread ("tend-probes"), and asks the supervisor to run exec probes.
/// <para><b>Threads.</b> The scheduler thread never performs a check itself: each HTTP or TCP
/// check runs on its own short-lived background thread ("tend-probe", 256 KB stack), so a check
/// that hangs (getaddrinfo cannot be bounded) can delay nobody else. The checks bound themselves
/// by the probe's timeout (non-blocking sockets and Socket.Poll); as a second line, a check that
/// has not reported Timeout + <see cref="DefaultGrace"/> after it started is given up: a
/// "timed out" failure is delivered for it, its late result is dropped, the next run is due one
/// Interval later, and no new check of that probe is started while it is still running (each due
/// run meanwhile fails with "previous check still running"), so a hung check costs at most one
/// thread per probe.</para>
/// <para><b>Idle.</b> With nothing watched the scheduler waits on a monitor with no timeout: no
/// periodic wake-up. Otherwise it sleeps until the earliest due run or give-up deadline. No
/// thread pool, timers or async I/O are used. Times come from <see cref="ProbeClock"/>.</para>
/// <para><b>Schedule.</b> The first run is due InitialDelay after startedAtMs, the next ones
/// Interval after the previous run started (<see cref="ProbeSchedule.NextDue"/>); a probe never
/// has two runs at once: when a run outlasts the interval, the next starts as soon as it ends.</para>
/// <para><b>Callbacks</b> run on the scheduler thread, never under its lock, and must be quick
/// and must not throw (the supervisor posts them to its loop). A result can still arrive for a
/// key just replaced or unwatched: compare the generation.</para>
/// </summary>
public sealed class ProbeRunner : IDisposable
{
    /// <summary>How long past its timeout a check may take to report before it is given up.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMilliseconds(500);

    private const int StackSize = 256 * 1024;

    private readonly Action<ProbeKey, ProbeResult> _onResult;
    private readonly Action<ProbeKey, ProbeSpec>? _onExecDue;
    private readonly Func<ProbeSpec, ProbeResult> _check;
    private readonly long _graceMs;
    private readonly Thread _thread;

    // Everything below is guarded by _gate; the scheduler thread is the only one to Wait on it.
    private readonly object _gate = new();
    private readonly Dictionary<(string Program, ProbeRole Role), Entry> _entries = new();
    private readonly List<Attempt> _finished = [];
    private readonly List<(ProbeKey Key, ProbeResult Result)> _results = [];
    private readonly List<(ProbeKey Key, ProbeSpec Spec)> _execsDue = [];
    private bool _disposed;

    /// <param name="onResult">Receives every HTTP and TCP check result, on the runner's thread.</param>
    /// <param name="onExecDue">Asked to run an exec probe when it is due, on the runner's thread;
    /// the supervisor reports back with <see cref="ExecFinished"/>. Required to watch exec probes.</param>
    public ProbeRunner(Action<ProbeKey, ProbeResult> onResult, Action<ProbeKey, ProbeSpec>? onExecDue = null)
        : this(onResult, onExecDue, check: null, grace: null)
    {
    }

    /// <summary>For tests: replaces the HTTP/TCP check and the grace period.</summary>
    internal ProbeRunner(Action<ProbeKey, ProbeResult> onResult, Action<ProbeKey, ProbeSpec>? onExecDue,
        Func<ProbeSpec, ProbeResult>? check, TimeSpan? grace)
    {
        ArgumentNullException.ThrowIfNull(onResult);
        _onResult = onResult;
        _onExecDue = onExecDue;
        _check = check ?? RunCheck;
        _graceMs = (long)(grace ?? DefaultGrace).TotalMilliseconds;
        _thread = new Thread(Loop, StackSize) { IsBackground = true, Name = "tend-probes" };
        _thread.Start();
    }

    /// <summary>
    /// Starts probing (or restarts: any earlier probe of the same program and role is replaced, and
    /// its outstanding results are dropped). <paramref name="startedAtMs"/> is when this generation
    /// of the program started, on <see cref="ProbeClock"/>.
    /// </summary>
    public void Watch(ProbeKey key, ProbeSpec spec, long startedAtMs)
    {
        ArgumentNullException.ThrowIfNull(key.Program);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == ProbeKind.Exec && _onExecDue is null)
            throw new InvalidOperationException("exec probes need the onExecDue callback");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _entries[(key.Program, key.Role)] = new Entry(key, spec, startedAtMs)
            {
                DueMs = ProbeSchedule.NextDue(spec, startedAtMs, null),
            };
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops every probe of <paramref name="program"/>; their outstanding results are dropped.</summary>
    public void Unwatch(string program)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var removed = _entries.Remove((program, ProbeRole.Readiness)) | _entries.Remove((program, ProbeRole.Liveness))
                          | _entries.Remove((program, ProbeRole.Startup));
            if (removed) Monitor.Pulse(_gate); // so that the scheduler recomputes its wait (maybe: forever)
        }
    }

    /// <summary>Stops one probe of <paramref name="program"/> (a startup probe once it passed); its outstanding results are dropped.</summary>
    public void Unwatch(string program, ProbeRole role)
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (_entries.Remove((program, role))) Monitor.Pulse(_gate);
        }
    }

    /// <summary>
    /// The supervisor ran the exec probe it was asked for by onExecDue: schedules the next run
    /// (Interval after this one was due to start). The result itself is the supervisor's business.
    /// Stale keys (replaced, unwatched) are ignored.
    /// </summary>
    public void ExecFinished(ProbeKey key, ProbeResult result)
    {
        _ = result;
        lock (_gate)
        {
            if (_disposed) return;
            if (!_entries.TryGetValue((key.Program, key.Role), out var entry) || entry.Key != key || !entry.ExecPending) return;
            entry.ExecPending = false;
            entry.DueMs = Math.Max(ProbeSchedule.NextDue(entry.Spec, entry.StartedAtMs, entry.LastRunMs), ProbeClock.NowMs);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops the scheduler (waits for it unless called from a callback). Checks still running finish on their own; their results are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _entries.Clear();
            Monitor.Pulse(_gate);
        }
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    private void Loop()
    {
        var results = new List<(ProbeKey Key, ProbeResult Result)>();
        var execs = new List<(ProbeKey Key, ProbeSpec Spec)>();
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed) return;
                    var wakeAt = Step(ProbeClock.NowMs);
                    if (_results.Count > 0 || _execsDue.Count > 0) break;
                    if (wakeAt == long.MaxValue)
                    {
                        Monitor.Wait(_gate);
                    }
                    else
                    {
                        var wait = wakeAt - ProbeClock.NowMs;
                        if (wait > 0) Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(wait, int.MaxValue)));
                    }
                }
                results.AddRange(_results);
                _results.Clear();
                execs.AddRange(_execsDue);
                _execsDue.Clear();
            }

            foreach (var (key, spec) in execs) _onExecDue!(key, spec);
            foreach (var (key, result) in results) _onResult(key, result);
            execs.Clear();
            results.Clear();
        }
    }

    /// <summary>
    /// One pass of the schedule at <paramref name="now"/>, under the lock: takes in finished checks,
    /// gives up overdue ones, starts due ones. Returns when something next needs doing
    /// (long.MaxValue: nothing until told).
    /// </summary>
    private long Step(long now)
    {
        foreach (var attempt in _finished)
        {
            var entry = attempt.Owner;
            if (attempt.GivenUp)
            {
                if (entry.Straggler == attempt) entry.Straggler = null; // late: dropped
                continue;
            }
            if (entry.InFlight != attempt || !IsCurrent(entry)) continue; // replaced or unwatched
            entry.InFlight = null;
            entry.DueMs = Math.Max(ProbeSchedule.NextDue(entry.Spec, entry.StartedAtMs, entry.LastRunMs), now);
            _results.Add((entry.Key, attempt.Result));
        }
        _finished.Clear();

        var wakeAt = long.MaxValue;
        foreach (var entry in _entries.Values)
        {
            if (entry.InFlight is { } running)
            {
                if (now < running.GiveUpAtMs)
                {
                    wakeAt = Math.Min(wakeAt, running.GiveUpAtMs);
                    continue;
                }
                running.GivenUp = true;
                entry.Straggler = running;
                entry.InFlight = null;
                // Not at once (it would only fail with "previous check still running"): the usual
                // interval, counted from now at the earliest.
                entry.DueMs = Math.Max(ProbeSchedule.NextDue(entry.Spec, entry.StartedAtMs, entry.LastRunMs),
                    ProbeSchedule.NextDue(entry.Spec, entry.StartedAtMs, now));
                var timeout = Deadline.Clamp(entry.Spec.Timeout);
                _results.Add((entry.Key, new(false, $"timed out after {Deadline.Format(timeout)} (the check did not return)")));
            }
            if (entry.ExecPending) continue; // until ExecFinished

            if (now >= entry.DueMs)
            {
                entry.LastRunMs = now;
                if (entry.Spec.Kind == ProbeKind.Exec)
                {
                    entry.ExecPending = true;
                    _execsDue.Add((entry.Key, entry.Spec));
                    continue;
                }
                entry.DueMs = ProbeSchedule.NextDue(entry.Spec, entry.StartedAtMs, now);
                if (entry.Straggler is not null)
                {
                    _results.Add((entry.Key, new(false, "previous check still running")));
                }
                else if (!Start(entry, now))
                {
                    _results.Add((entry.Key, new(false, "probe error: cannot start a thread")));
                }
            }
            wakeAt = Math.Min(wakeAt, entry.InFlight?.GiveUpAtMs ?? entry.DueMs);
        }
        return wakeAt;
    }

    private bool IsCurrent(Entry entry) =>
        _entries.TryGetValue((entry.Key.Program, entry.Key.Role), out var current) && current == entry;

    private bool Start(Entry entry, long now)
    {
        var timeoutMs = (long)Deadline.Clamp(entry.Spec.Timeout).TotalMilliseconds;
        var attempt = new Attempt(entry, now + timeoutMs + _graceMs);
        var spec = entry.Spec;
        try
        {
            var thread = new Thread(() =>
            {
                ProbeResult result;
                try
                {
                    result = _check(spec);
                }
                catch (Exception e)
                {
                    result = new(false, "probe error: " + ErrorText.Of(e));
                }
                lock (_gate)
                {
                    attempt.Result = result;
                    _finished.Add(attempt);
                    Monitor.Pulse(_gate);
                }
            }, StackSize) { IsBackground = true, Name = "tend-probe" };
            thread.Start();
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            return false;
        }
        entry.InFlight = attempt;
        return true;
    }

    private static ProbeResult RunCheck(ProbeSpec spec) => spec.Kind switch
    {
        ProbeKind.Http => HttpCheck.Run(spec.Url!, spec.Timeout, spec.InsecureSkipVerify),
        ProbeKind.Tcp => TcpCheck.Run(spec.Address!, spec.Timeout),
        _ => new(false, $"probe error: {spec.Kind} probes are not run by the probe runner"),
    };

    private sealed class Entry(ProbeKey key, ProbeSpec spec, long startedAtMs)
    {
        public ProbeKey Key { get; } = key;
        public ProbeSpec Spec { get; } = spec;
        public long StartedAtMs { get; } = startedAtMs;
        public long? LastRunMs { get; set; }
        public long DueMs { get; set; }
        public Attempt? InFlight { get; set; }
        public Attempt? Straggler { get; set; }
        public bool ExecPending { get; set; }
    }

    private sealed class Attempt(Entry owner, long giveUpAtMs)
    {
        public Entry Owner { get; } = owner;
        public long GiveUpAtMs { get; } = giveUpAtMs;
        public bool GivenUp { get; set; }
        public ProbeResult Result { get; set; }
    }
}
