using System.Collections.Concurrent;
using Tend.Model;
using Tend.Posix;
using Tend.Posix.Events;
using Tend.Posix.Signals;

namespace Tend.Supervision;

/// <summary>
/// The supervision loop. One thread owns every program's state: it waits on one epoll set (the
/// signalfd, an eventfd for work posted by other threads) with the nearest program deadline as the
/// timeout, then reaps, applies the transitions and performs their effects. Nothing here blocks on
/// output (the log mux has its own thread), so Tend can always restart and stop programs.
///
/// Split by concern: the life cycle in Lifecycle/ (Phase.cs, LifecycleTable.cs, ExitPlan.cs;
/// Supervisor.Lifecycle.cs: the one Transition and one method per event; Supervisor.Launch.cs: the
/// spawn and the stop signals, through IProcessHost); every child of Tend in one table
/// (Supervisor.Children.cs: pid to what it is, exits routed and children's deadlines fired from
/// there); Supervisor.Signals.cs, Supervisor.Shutdown.cs; what service directories add:
/// Supervisor.Oneshots.cs, .Finish.cs, .Readiness.cs (notification-fd, sd_notify), .Output.cs
/// (log/ pipes), .S6.cs, .SideJobs.cs.
/// </summary>
public sealed partial class Supervisor : IDisposable
{
    private const ulong SignalToken = 1, WakeToken = 2;

    private readonly SupervisorOptions _options;
    private readonly List<ProgramRuntime> _programs; // start order; a reload adds and removes
    private readonly Epoll _epoll = new();
    private readonly SignalFd _signals;
    private readonly EventFd _wake = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<(int Signal, int Sender)> _signalBuffer = [];
    private readonly List<(int Pid, ExitStatus Status)> _reaped = [];
    private readonly bool _isPid1;
    private readonly IReaper _reaper;
    private readonly bool _runitStartHooks; // a runit tree: runsv runs control/u before every start
    private readonly QuickExitRule _quickExitRule; // supervisord.conf keeps supervisord's own rule
    private readonly IProcessHost _processes; // the kernel; an in-memory one in the unit tests' harness

    public Supervisor(TendConfig config, SupervisorOptions options)
    {
        _options = options;
        _processes = options.Processes ?? SystemProcessHost.Instance;
        _runitStartHooks = config.Layout == ConfigLayout.Runit;
        _quickExitRule = config.Layout == ConfigLayout.Supervisord ? QuickExitRule.AlwaysFailedStart : QuickExitRule.PolicyDecides;
        _programs = StopPlan.StartOrder(config.Programs).Select(p => new ProgramRuntime(p)).ToList();
        // SIGCHLD stays blocked (the runtime must never reap) but is not read: the reaper thread waits on waitid.
        _signals = new SignalFd(SignalSet.Of([.. SignalMask.Handled.Where(s => s != Model.Signals.SIGCHLD)]));
        _epoll.Add(_signals.Fd, SignalToken);
        _epoll.Add(_wake.Fd, WakeToken);
        _isPid1 = ProcessControl.CurrentPid == 1;
        _reaper = _processes.StartReaper(_wake.Signal);
        InitS6(config);
        InitJobs(config.Jobs);
    }

    public IReadOnlyList<ProgramRuntime> Programs => _programs;

    /// <summary>Monotonic milliseconds, from the process host (the real clock, or the harness's).</summary>
    private long NowMs => _processes.NowMs;

    /// <summary>Wall-clock milliseconds, from the process host.</summary>
    private long UnixMs => _processes.UnixMs;

    /// <summary>Orphans (processes Tend did not start) reaped so far.</summary>
    public long OrphansReaped { get; private set; }

    /// <summary>Runs other threads' work on the loop thread (control requests, probe results).</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        _wake.Signal();
    }

    /// <summary>
    /// Starts the programs and supervises until shutdown; returns Tend's exit code. Never throws: a
    /// failure of the loop itself stops the programs and returns <see cref="LoopFailedExitCode"/>.
    /// </summary>
    public int Run()
    {
        try
        {
            return RunLoop();
        }
        catch (Exception e)
        {
            return StopAfterLoopFailure(e);
        }
    }

    private int RunLoop()
    {
        BeginSupervising();
        if (_options.ReleaseUnusedPages) _quietReleaseDueMs = NowMs + QuietMs;
        Span<ulong> ready = stackalloc ulong[8];
        while (!_finished)
        {
            var n = _epoll.Wait(ready, TimeoutUntilNextDeadline());
            for (var i = 0; i < n; i++)
            {
                var token = ready[i];
                if (token == SignalToken) Guard("signal handling", HandleSignals);
                else if (token == WakeToken) Guard("posted work", RunPosted);
                else Guard("a watched descriptor", () => { if (!HandleListenerToken(token)) OnWatchedReadable(token); });
            }
            ThrowIfTestEscape();
            AfterWake();
            GiveBackWhenQuiet(n);
        }
        return ExitCode();
    }

    /// <summary>Tend's exit code once the loop is finished.</summary>
    private int ExitCode() =>
        _hangupExitCode ?? FinalExitCode(ExitCodePolicy.Decide(_mainExitCode, _criticalExitCode, _programs.Any(p => p.Failed)));

    /// <summary>Before the first wait: listeners, autostart, the first starts.</summary>
    private void BeginSupervising()
    {
        SetUpEventListeners();
        LogS6Settings();
        InitResources();
        StoreContainerEnvironment();
        BindDeclaredSockets();
        foreach (var p in _programs)
            if (p.Spec.AutoStart) OnStartRequested(p, "autostart");
        ArmStage2Deadline(NowMs);
        StartupTrace.Mark("first starts");
        using (_options.Logs.HoldWakeups()) StartWhatMayStart();
        StartupTrace.Mark("first starts done");
        // The pages start-up ran are given back once the loop has been quiet for a second
        // (Supervisor.Quiet.cs), not here: here it took 2 ms of CPU from the programs starting.
    }

    /// <summary>
    /// What every wake of the loop does after its descriptors: each step guarded on its own (a
    /// failing timer must not stop the reaping, and so on). Exits the reaper collected are taken on
    /// every wake: cheap, and it never depends on a wake-up arriving.
    /// </summary>
    private void AfterWake()
    {
        Guard("reaping", HandleExits);
        Guard("timers", () => FireDueTimers(NowMs));
        Guard("jobs", FireDueJobs);
        Guard("ticks", () => FireTicks(NowMs));
        Guard("starting programs", () => { using (_options.Logs.HoldWakeups()) StartWhatMayStart(); });
        Guard("shutdown", () => AdvanceShutdown(NowMs));
        Guard("test fault", ThrowIfTestWedged);
        EndWake();
        ForgetProcessTree();
    }

    private void RunPosted()
    {
        _wake.Reset();
        while (_posted.TryDequeue(out var action))
        {
            try { action(); }
            catch (Exception e) { Log($"internal error: posted work failed: {ErrorText.Of(e)}", level: Chat.Error); }
        }
    }

    private void HandleExits()
    {
        _reaped.Clear();
        _anyChildLeft = _reaper.Drain(_reaped);
        try { RouteExits(_reaped); }
        finally { _reaper.Handled(_reaped); }
        if (_reaped.Count > 0) AdvanceHeldStops();
    }

    private int TimeoutUntilNextDeadline()
    {
        var next = Math.Min(Math.Min(_finalDeadline, NextChildDeadline()), Math.Min(NextStartTimeout(), _stage2DeadlineMs));
        next = Math.Min(next, Math.Min(_nextTickMs, Math.Min(NextJobDeadline(), NextTestFaultDeadline())));
        _nextWorkDeadlineMs = next;
        next = Math.Min(next, _quietReleaseDueMs);
        foreach (var p in _programs)
            if (p.DeadlineMs < next) next = p.DeadlineMs;
        if (next == long.MaxValue) return -1;
        var ms = next - NowMs;
        return ms <= 0 ? 0 : (int)Math.Min(ms, int.MaxValue);
    }

    /// <summary>
    /// One of Tend's own lines. In an s6-overlay container S6_VERBOSITY chooses which are written
    /// (0 errors, 1 warnings, 2 what programs do, 3 and more details); elsewhere every one is.
    /// </summary>
    private void Log(string message, string? after = null, Chat level = Chat.Info)
    {
        if (_s6 is { } s6 && (int)level > s6.Verbosity) return;
        if (level == Chat.Debug && _s6 is null && !DebugLogging) return;
        _options.Logs.Event(message, after);
        _options.Tap?.Invoke(message);
    }

    public void Dispose()
    {
        _probes?.Dispose();
        DisposeNotifySockets();
        CloseHeldSockets();
        CloseStdinPipes();
        _signals.Dispose();
        _wake.Dispose();
        _epoll.Dispose();
    }
}
