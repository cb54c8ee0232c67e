using Tend.Model;
using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

/// <summary>
/// One program's life cycle in memory: a fake clock, a fake spawner (pids and a table of the live
/// process), and processes that exit when the test says so (or on their stop signal, unless they
/// ignore it). The decisions are the supervisor's own: the phase (<see cref="Phases.Of"/>, on a real
/// <see cref="ProgramRuntime"/>), <see cref="LifecycleTable"/> for every event and
/// <see cref="ExitPlan"/> after every exit; the effects are the supervisor's, minus the kernel.
/// Every step checks the invariants; a broken one throws with the transcript.
/// </summary>
internal sealed class LifecycleSimulation
{
    private readonly QuickExitRule _rule;
    private int _nextPid = 100;
    private long _stopRequestedAt = -1;

    /// <summary>Processes signalled to death: reaped on the next wake of the loop, as the kernel reports them.</summary>
    private readonly List<(int Pid, ExitStatus Status)> _dying = [];

    public LifecycleSimulation(ProgramSpec spec, QuickExitRule rule = QuickExitRule.PolicyDecides)
    {
        P = new ProgramRuntime(spec);
        _rule = rule;
    }

    public ProgramRuntime P { get; }
    public long Now { get; private set; }
    public List<string> Transcript { get; } = [];
    public List<(ProgramState From, ProgramState To, string Reason)> Transitions { get; } = [];
    public HashSet<int> Live { get; } = [];
    public int Starts { get; private set; }
    public int ExitsHandled { get; private set; }
    public int Spawned => _nextPid - 100;

    /// <summary>The live process ignores its stop signal (only SIGKILL ends it).</summary>
    public bool IgnoresStopSignal { get; set; }

    public Phase Phase => Phases.Of(P);

    // ---- events -------------------------------------------------------------------------------

    /// <summary>autostart, `tend ctl start`.</summary>
    public void RequestStart()
    {
        Note("start requested");
        switch (Table(LifecycleTable.OnStartRequested(Phase), LifecycleEvent.StartRequested))
        {
            case Reaction.Refuse:
                return;
            case Reaction.CutBackoffShort:
                P.DeadlineMs = long.MaxValue;
                SetState(ProgramState.Stopped, "start requested: its backoff cut short");
                break;
        }
        P.Want = Want.Up;
        P.FailedStarts = 0;
        P.QuickCrashes = 0;
        P.PendingStart = true;
        StartWhatMayStart();
    }

    /// <summary>`tend ctl stop`.</summary>
    public void RequestStop()
    {
        Note("stop requested");
        P.PendingStart = false;
        Stop("stop requested");
    }

    /// <summary>`tend ctl restart`.</summary>
    public void RequestRestart()
    {
        Note("restart requested");
        P.FailedStarts = 0;
        P.QuickCrashes = 0;
        if (P.IsDown)
        {
            P.Want = Want.Up;
            P.PendingStart = true;
        }
        else
        {
            Stop("restart requested");
            P.Want = Want.Up;
            if (P.State == ProgramState.Stopped) P.PendingStart = true;
        }
        StartWhatMayStart();
    }

    /// <summary>Reaps what died of a signal since the last wake.</summary>
    public void ReapDying()
    {
        var dying = _dying.ToList();
        _dying.Clear();
        foreach (var (pid, status) in dying)
            if (Live.Contains(pid)) Reap(pid, status);
    }

    /// <summary>The live process exits by itself.</summary>
    public void Exit(ExitStatus status)
    {
        if (P.Pid <= 0 || _dying.Exists(d => d.Pid == P.Pid)) return; // nothing runs, or it is dying already
        Note($"pid {P.Pid} exits with {ExitPlan.Describe(status)}");
        Reap(P.Pid, status);
    }

    public void Ready()
    {
        if (Table(LifecycleTable.OnReady(Phase), LifecycleEvent.Ready) == Reaction.EnterRunning) EnterRunning("ready");
    }

    public void LivenessFails()
    {
        if (Table(LifecycleTable.OnLivenessFailed(Phase), LifecycleEvent.LivenessFailed) != Reaction.RestartForLiveness) return;
        Note("liveness failing");
        P.LivenessRestarts++;
        Stop("failed its liveness probe: restarting");
        P.Want = Want.Up;
        P.StoppedByLiveness = true;
    }

    /// <summary>Moves the fake clock on, firing the program's timer whenever it falls due.</summary>
    public void Advance(long ms)
    {
        ReapDying();
        var until = Now + ms;
        while (P.DeadlineMs <= until)
        {
            Now = Math.Max(Now, P.DeadlineMs);
            P.DeadlineMs = long.MaxValue;
            Timer();
            ReapDying();
            StartWhatMayStart();
            Check();
        }
        Now = until;
    }

    // ---- the supervisor's effects, in memory ---------------------------------------------------

    private void Timer()
    {
        switch (Table(LifecycleTable.OnTimer(Phase), LifecycleEvent.Timer))
        {
            case Reaction.EnterRunning:
                EnterRunning("up for start_seconds");
                break;
            case Reaction.ForgetFailures:
                P.FailedStarts = 0;
                break;
            case Reaction.StartAgain:
                if (P.Want == Want.Up) Start();
                break;
            case Reaction.Kill:
                P.Killed = true;
                Note($"SIGKILL to pid {P.Pid}");
                _dying.Add((P.Pid, ExitStatus.Killed(Signals.SIGKILL))); // SIGKILL cannot be ignored
                break;
        }
    }

    private void Stop(string reason)
    {
        P.Want = Want.Down;
        _stopRequestedAt = Now;
        switch (Table(LifecycleTable.OnStopRequested(Phase), LifecycleEvent.StopRequested))
        {
            case Reaction.BeginStop:
                SetState(ProgramState.Stopping, reason);
                P.DeadlineMs = Now + (long)P.Spec.StopTimeout.TotalMilliseconds;
                if (!IgnoresStopSignal) _dying.Add((P.Pid, ExitStatus.Killed(P.Spec.StopSignal))); // reaped on the next wake
                break;
            case Reaction.StopAtOnce:
                SetState(ProgramState.Stopped, reason);
                P.DeadlineMs = long.MaxValue;
                break;
            case Reaction.CancelStart:
                P.PendingStart = false;
                if (P.State == ProgramState.Backoff) SetState(ProgramState.Stopped, reason);
                P.DeadlineMs = long.MaxValue;
                break;
        }
    }

    private void StartWhatMayStart()
    {
        if (!P.PendingStart || !P.IsDown) return; // no dependencies here: the gate is open
        P.PendingStart = false;
        Start();
    }

    private void Start()
    {
        if (Live.Count > 0) throw Broken("a second process would run beside the live one");
        var pid = _nextPid++;
        Live.Add(pid);
        Starts++;
        if (P.EverStarted) P.Restarts++;
        P.EverStarted = true;
        P.Pid = pid;
        P.StartedAtMs = Now;
        P.Killed = false;
        SetState(ProgramState.Starting, "started");
        if (P.Spec.StartSeconds <= TimeSpan.Zero) EnterRunning("started (start_seconds 0)");
        else P.DeadlineMs = Now + (long)P.Spec.StartSeconds.TotalMilliseconds;
    }

    private void EnterRunning(string reason)
    {
        SetState(ProgramState.Running, reason);
        P.DeadlineMs = long.MaxValue;
        P.FailedStarts = 0;
    }

    private void Reap(int pid, ExitStatus status)
    {
        if (!Live.Remove(pid)) throw Broken($"pid {pid} exited but was not live");
        var phase = Phase;
        if (Table(LifecycleTable.OnExited(phase), LifecycleEvent.Exited) != Reaction.DecideAfterExit) return;
        ExitsHandled++;
        var stateAtExit = P.State;
        P.Pid = 0;
        P.LastExit = status;
        P.DeadlineMs = long.MaxValue;
        var plan = ExitPlan.Of(P.Spec, stateAtExit, P.Want, status, Now - P.StartedAtMs, P.FailedStarts, P.QuickCrashes, _rule);
        P.QuickCrashes = plan.QuickCrashes;
        switch (plan.Decision)
        {
            case AfterExit.Stopped:
                SetState(ProgramState.Stopped, $"{plan.Reason}; {P.StateReason}");
                if (P.Want == Want.Up && P.StoppedByLiveness)
                {
                    var wait = (long)Backoff.Delay(P.Spec.Backoff, P.LivenessRestarts).TotalMilliseconds;
                    SetState(ProgramState.Backoff, "restarting after failing its liveness probe");
                    P.DeadlineMs = Now + wait;
                }
                else if (P.Want == Want.Up) P.PendingStart = true;
                P.StoppedByLiveness = false;
                break;
            case AfterExit.RestartNow:
                SetState(ProgramState.Exited, plan.Reason);
                Start();
                break;
            case AfterExit.RestartPaced:
                SetState(ProgramState.Exited, plan.Reason);
                SetState(ProgramState.Backoff, plan.Reason);
                P.DeadlineMs = Now + plan.DelayMs;
                break;
            case AfterExit.Backoff:
                P.FailedStarts = plan.FailedStarts;
                SetState(ProgramState.Backoff, plan.Reason);
                P.DeadlineMs = Now + plan.DelayMs;
                break;
            case AfterExit.Fatal:
                P.FailedStarts = plan.FailedStarts;
                SetState(ProgramState.Backoff, plan.Reason);
                SetState(ProgramState.Fatal, plan.Reason);
                break;
            case AfterExit.Exited:
                SetState(ProgramState.Exited, plan.Reason);
                break;
        }
        StartWhatMayStart();
    }

    private void SetState(ProgramState to, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw Broken($"{P.State} -> {to} without a reason");
        Transitions.Add((P.State, to, reason));
        Transcript.Add($"{Now,6} ms  {P.State.ToString().ToUpperInvariant()} -> {to.ToString().ToUpperInvariant()}: {reason}");
        P.State = to;
        P.StateReason = reason;
    }

    private Reaction Table(Reaction reaction, LifecycleEvent ev)
    {
        if (reaction == Reaction.InternalError) throw Broken($"{ev} in phase {Phase}: the table calls it a bug");
        return reaction;
    }

    private void Note(string what) => Transcript.Add($"{Now,6} ms  {what}");

    // ---- invariants ---------------------------------------------------------------------------

    /// <summary>Checked after every event: one live process at most, and the state says whether one runs.</summary>
    public void Check()
    {
        if (Live.Count > 1) throw Broken("more than one live process");
        if ((P.Pid > 0) != (Live.Count == 1)) throw Broken($"pid {P.Pid} but {Live.Count} live processes");
        if (Phases.HasProcess(Phase) != (Live.Count == 1)) throw Broken($"phase {Phase} with {Live.Count} live processes");
        if (Spawned != Live.Count + ExitsHandled) throw Broken($"{Spawned} spawned, {ExitsHandled} exits handled, {Live.Count} live: an exit went unaccounted");
        if (_stopRequestedAt >= 0 && P.Want == Want.Down && !P.IsDown
            && Now > _stopRequestedAt + (long)P.Spec.StopTimeout.TotalMilliseconds)
            throw Broken("a stop did not end within stop_timeout");
    }

    public Exception Broken(string what) =>
        new InvalidOperationException($"invariant broken: {what}\n{string.Join('\n', Transcript)}");
}
