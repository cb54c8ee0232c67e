using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// A program's life cycle, in one place. The program's <see cref="Phase"/> is its one stored state
/// (supervisord's <see cref="ProgramState"/> is read from it); <see cref="Transition"/> is the one
/// way it changes, always with a reason, logged once. Below it, one method per event (started,
/// exited, its timer, start hook and ./finish ended, input ended, leftovers gone, readiness and
/// liveness verdicts, dependencies met, control start/stop/restart/signal, reload change and
/// removal, shutdown), each a switch over <see cref="LifecycleTable"/>'s reaction for the phase,
/// with the ignored pairs written out and a pair that cannot happen reported as an internal error
/// (logged loudly; PID 1 goes on). The effects on processes are in Supervisor.Launch.cs; what
/// follows an exit is decided by <see cref="ExitPlan"/>.
/// </summary>
public sealed partial class Supervisor
{
    // ---- the one way a program changes phase ---------------------------------------------------

    /// <summary>
    /// Moves <paramref name="p"/> to <paramref name="to"/> for <paramref name="reason"/> (shown by
    /// `tend ctl status`). A change of supervisord state is raised to observers and logged once:
    /// <paramref name="line"/>, or the program's name and the reason; a phase change within a state
    /// (a stop turning to SIGKILL, a start that waits) is logged only when it has a line to say.
    /// <paramref name="quiet"/>: a state passed through on the way to the next (EXITED before
    /// BACKOFF, BACKOFF before FATAL), whose transition logs the same reason.
    /// </summary>
    private void Transition(ProgramRuntime p, Phase to, string reason, string? line = null, Chat level = Chat.Info, bool quiet = false,
        bool afterOutput = false)
    {
        var from = p.Phase;
        var stateBefore = p.State;
        if (Phases.IsWaiting(to) && !Phases.IsWaiting(from)) p.WaitingIn = Phases.IsRest(from) ? from : Phase.Stopped;
        p.Phase = to;
        p.StateReason = reason;
        var state = p.State;
        var exit = afterOutput || ((Phases.HasProcess(from) || Phases.IsStopping(from)) && !Phases.HasProcess(to) && !Phases.IsStopping(to));
        var after = exit ? p.Name : null; // an exit's line follows the program's last output
        if (state == stateBefore)
        {
            if (line is not null) Log(line, after, level);
            return;
        }
        if (!quiet) Log(line ?? $"{p.Name} {reason}", after, level);
        var now = UnixMs;
        p.StateChangedAtUnixMs = now;
        var expected = p.LastExit is { } status && state is ProgramState.Exited && RestartDecision.IsExpected(p.Spec.ExitCodes, status);
        Raise(new StateChange(p, stateBefore, state, now, expected));
        if (_waiters.Count > 0) SettleWaiters(p);
    }

    /// <summary>A phase × event pair the table says cannot happen: a bug, logged; PID 1 goes on.</summary>
    private void LifecycleBug(ProgramRuntime p, LifecycleEvent ev) =>
        Log($"internal error: {p.Name}: {ev} in phase {p.Phase} ({StateName(p)}) cannot happen; ignored", level: Chat.Error);

    // ---- starting ------------------------------------------------------------------------------

    /// <summary>
    /// Event: asked to start (control start, autostart, a reload, restart_with of a program that is
    /// down). It waits for its dependencies; false when refused (it runs or stops).
    /// </summary>
    private bool OnStartRequested(ProgramRuntime p, string reason)
    {
        switch (LifecycleTable.OnStartRequested(p.Phase))
        {
            case Reaction.Start:
                break;
            case Reaction.CutBackoffShort:
                p.DeadlineMs = long.MaxValue;
                Transition(p, Phase.Stopped, $"{reason}: its backoff cut short");
                break;
            case Reaction.Ignore:
                p.Want = Want.Up; // on its way already
                return true;
            case Reaction.Refuse:
                return false;
            default:
                LifecycleBug(p, LifecycleEvent.StartRequested);
                return false;
        }
        p.Want = Want.Up;
        Transition(p, Phase.WaitingForDependencies, reason);
        return true;
    }

    /// <summary>Event: the depends_on conditions of a waiting start hold (checked by <see cref="StartWhatMayStart"/> after every event).</summary>
    private void OnDependenciesMet(ProgramRuntime p)
    {
        switch (LifecycleTable.OnDependenciesMet(p.Phase))
        {
            case Reaction.ContinueStart:
                p.WaitingFor = null;
                BeginStart(p);
                break;
            default:
                LifecycleBug(p, LifecycleEvent.DependenciesMet);
                break;
        }
    }

    /// <summary>A start that may go: after the last run's ./finish (runit, s6), then the start hook (runit's control/u), then the spawn.</summary>
    private void BeginStart(ProgramRuntime p)
    {
        if (p.FinishPid > 0) { Transition(p, Phase.WaitingForFinish, "waiting for its finish command"); return; }
        if (p.StartHookPid > 0 || RunStartHook(p)) { Transition(p, Phase.WaitingForStartHook, "waiting for its start hook"); return; }
        Spawn(p);
    }

    /// <summary>Event: its start hook ended (whatever its code: runsv starts ./run anyway).</summary>
    private void OnStartHookEnded(ProgramRuntime p)
    {
        p.StartHookPid = 0;
        switch (LifecycleTable.OnStartHookEnded(p.Phase))
        {
            case Reaction.Spawn:
                if (p.Want == Want.Up && !_shuttingDown) Spawn(p);
                else CancelStart(p, "start called off");
                break;
            case Reaction.Ignore:
                break; // the start it ran for was called off
            default:
                LifecycleBug(p, LifecycleEvent.StartHookEnded);
                break;
        }
    }

    /// <summary>Event: its ./finish ended. An s6 finish exiting 125 means "do not restart" (s6-svc -O).</summary>
    private void OnFinishEnded(ProgramRuntime p, ExitStatus status)
    {
        p.FinishPid = 0;
        NotifyUnchanged(p); // runit's status leaves the finish state
        if (p.Spec.FinishStyle == Model.FinishStyle.S6 && status is { Signaled: false, Code: S6PermanentFailure })
        {
            var why = $"its finish command exited {S6PermanentFailure}: not restarting it";
            p.Want = Want.Down;
            if (p.State == ProgramState.Backoff)
            {
                p.DeadlineMs = long.MaxValue;
                Transition(p, Phase.Exited, why, $"{p.Name}: {why}");
            }
            else
            {
                Log($"{p.Name}: {why}", after: p.Name);
                if (Phases.IsWaiting(p.Phase)) CancelStart(p, why);
            }
            return;
        }
        switch (LifecycleTable.OnFinishEnded(p.Phase))
        {
            case Reaction.ContinueStart:
                // Not only from a rest: a program that died within start_seconds is in BACKOFF, and
                // its backoff timer already fired (that start is what waited for ./finish).
                if (p.Want == Want.Up && !_shuttingDown) BeginStart(p);
                else CancelStart(p, "start called off");
                break;
            case Reaction.Ignore:
                break; // no start waited for it
            default:
                LifecycleBug(p, LifecycleEvent.FinishEnded);
                break;
        }
    }

    /// <summary>A waiting start called off: back to the phase it waited in (BACKOFF becomes STOPPED: its timer is gone).</summary>
    private void CancelStart(ProgramRuntime p, string reason)
    {
        p.WaitingFor = null;
        p.DeadlineMs = long.MaxValue;
        Transition(p, p.WaitingIn == Phase.Backoff ? Phase.Stopped : p.WaitingIn, reason);
    }

    private void EnterRunning(ProgramRuntime p, string reason)
    {
        Transition(p, Phase.Running, reason);
        p.DeadlineMs = long.MaxValue;
        if (p.Spec.Backoff.Reset is { } reset && reset > p.Spec.StartSeconds)
            p.DeadlineMs = p.StartedAtMs + (long)reset.TotalMilliseconds; // forget failures later
        else p.FailedStarts = 0;
    }

    /// <summary>Event: it said it is ready (readiness probe, notification-fd, READY=1). Ready implies started.</summary>
    private void OnReady(ProgramRuntime p, string how)
    {
        switch (LifecycleTable.OnReady(p.Phase))
        {
            case Reaction.EnterRunning:
                EnterRunning(p, $"running: ready ({how})");
                break;
            case Reaction.Ignore:
                break; // running already, stopping, or a verdict about an earlier run
            default:
                LifecycleBug(p, LifecycleEvent.Ready);
                break;
        }
    }

    // ---- exits -----------------------------------------------------------------------------------

    /// <summary>Event: its process was reaped.</summary>
    private void OnExited(ProgramRuntime p, ExitStatus status)
    {
        NoteOomKill(p, status); // first: its line comes before the exit's
        var phase = p.Phase;
        switch (LifecycleTable.OnExited(phase))
        {
            case Reaction.DecideAfterExit:
                if (Phases.IsStopping(phase) && HoldExitForLeftovers(p, status)) return; // a stop is over once its group and strays are gone
                DecideAfterExit(p, status, phase);
                break;
            default:
                LifecycleBug(p, LifecycleEvent.Exited);
                break;
        }
    }

    /// <summary>Event: what a stopped program left running is gone (or Tend gave up on it): its held exit is handled now.</summary>
    private void OnLeftoversGone(ProgramRuntime p)
    {
        var phase = p.Phase;
        switch (LifecycleTable.OnLeftoversGone(phase))
        {
            case Reaction.DecideAfterExit:
                var status = p.HeldExit!.Value;
                p.HeldExit = null;
                p.Strays.Clear();
                p.Pid = p.HeldGroup; // the pid that exited, for ./finish (s6 passes it)
                p.HeldGroup = 0;
                DecideAfterExit(p, status, phase == Phase.KillingLeftovers ? Phase.Killing : Phase.Stopping);
                break;
            default:
                LifecycleBug(p, LifecycleEvent.LeftoversGone);
                break;
        }
    }

    /// <summary>What follows an exit: <see cref="ExitPlan"/> decides, this performs it.</summary>
    private void DecideAfterExit(ProgramRuntime p, ExitStatus status, Phase phaseAtExit)
    {
        var stateAtExit = LifecycleTable.StateOf(phaseAtExit);
        BeginFinish(p, status); // first: s6 gives it the pid, and the next start must wait for it
        CloseNotificationPipe(p);
        UnwatchProbes(p);
        DetachListener(p);
        p.LastExit = status;
        p.Pid = 0;
        p.StoppedAtUnixMs = UnixMs;
        p.DeadlineMs = long.MaxValue;
        var restartDelay = p.RestartDelayMs;
        p.RestartDelayMs = 0;
        var uptime = NowMs - p.StartedAtMs;
        if (p.Spec.Kind == Model.ProgramKind.Oneshot && !p.Spec.Main)
        {
            OnOneshotExit(p, status, stopped: Phases.IsStopping(phaseAtExit));
            if (p.IsDown) ApplyReloadOnExit(p);
            return;
        }
        if (p.Spec.Kind == Model.ProgramKind.Longrun) p.StartTimeoutAtMs = long.MaxValue;

        if (p.Spec.Main)
        {
            _mainExitCode = status.ShellCode;
            RecordCmdExitCode(status.ShellCode);
            if (!_shuttingDown)
            {
                Transition(p, Phase.Exited, $"exited with {Describe(status)}: main program ended, shutting down");
                BeginShutdown();
                return;
            }
        }

        var plan = ExitPlan.Of(p.Spec, stateAtExit, p.Want, status, uptime, p.FailedStarts, p.QuickCrashes, _quickExitRule);
        p.QuickCrashes = plan.QuickCrashes;
        switch (plan.Decision)
        {
            case AfterExit.Stopped:
                var stopped = $"{plan.Reason}; {p.StateReason}";
                if (phaseAtExit == Phase.Killing) Transition(p, Phase.Stopped, stopped, $"{p.Name} stopped ({Describe(status)})");
                else if (!RestartDecision.IsCleanStop(p.Spec.ExitCodes, p.Spec.StopSignal, status))
                {
                    p.Failed = true;
                    Transition(p, Phase.Stopped, stopped, $"{p.Name} stopped with {Describe(status)}", Chat.Warning);
                }
                else Transition(p, Phase.Stopped, stopped, $"{p.Name} stopped");
                if (p.Want == Want.Up && !_shuttingDown && restartDelay > 0)
                {
                    // A liveness restart backs off like a failed start, so a sick program cannot spin.
                    Transition(p, Phase.Backoff, $"restarting in {FormatMs(restartDelay)} after failing its liveness probe");
                    p.DeadlineMs = NowMs + restartDelay;
                }
                else if (p.Want == Want.Up && !_shuttingDown) Transition(p, Phase.WaitingForDependencies, "restart requested");
                ApplyReloadOnExit(p);
                break;
            case AfterExit.RestartNow:
                Transition(p, Phase.Exited, plan.Reason); // as supervisord: RUNNING → EXITED → STARTING
                BeginStart(p);
                RestartDependentsOf(p);
                break;
            case AfterExit.RestartPaced:
                Transition(p, Phase.Exited, plan.Reason, quiet: true);
                Transition(p, Phase.Backoff, plan.Reason);
                p.DeadlineMs = NowMs + plan.DelayMs;
                RestartDependentsOf(p);
                break;
            case AfterExit.Backoff:
                p.FailedStarts = plan.FailedStarts;
                p.ExitedTooQuickly = true;
                Transition(p, Phase.Backoff, plan.Reason);
                p.DeadlineMs = NowMs + plan.DelayMs;
                break;
            case AfterExit.Fatal:
                p.FailedStarts = plan.FailedStarts;
                p.ExitedTooQuickly = true;
                Transition(p, Phase.Backoff, plan.Reason, quiet: true); // supervisord gives up from BACKOFF; listeners see both
                GoFatal(p, plan.Reason, $"{p.Name} {plan.Reason}", afterOutput: true);
                break;
            case AfterExit.Exited:
                var expected = RestartDecision.IsExpected(p.Spec.ExitCodes, status);
                if (!expected) p.Failed = true;
                Transition(p, Phase.Exited, plan.Reason);
                if (!expected && p.Spec.Critical && !_shuttingDown)
                {
                    // It can never come back: as a critical program going FATAL, it ends the container.
                    _criticalExitCode = status.ShellCode;
                    Log($"{p.Name} is critical and will not be restarted: shutting down", level: Chat.Error);
                    BeginShutdown();
                }
                break;
            default:
                Log($"internal error: {p.Name}: unknown exit decision {plan.Decision}", level: Chat.Error);
                break;
        }
    }

    /// <summary>A start that failed for a temporary reason: back off, or give up after start_retries.</summary>
    private void FailedStart(ProgramRuntime p, ExitStatus status, string why)
    {
        Log(why, level: Chat.Error);
        p.LastExit = status;
        if (++p.FailedStarts > p.Spec.StartRetries)
        {
            var gaveUp = $"{p.FailedStarts} failed starts in a row: giving up (FATAL)";
            GoFatal(p, gaveUp, $"{p.Name}: {gaveUp}");
            return;
        }
        var delay = (long)Backoff.Delay(p.Spec.Backoff, p.FailedStarts).TotalMilliseconds;
        var retrying = $"retrying in {FormatMs(delay)} (attempt {p.FailedStarts} of {p.Spec.StartRetries + 1})";
        Transition(p, Phase.Backoff, retrying, $"{p.Name}: {retrying}");
        p.DeadlineMs = NowMs + delay;
    }

    /// <summary>FATAL: dependents that asked for it stop, and a critical or main program ends the container.</summary>
    private void GoFatal(ProgramRuntime p, string reason, string line, bool afterOutput = false)
    {
        Transition(p, Phase.Fatal, reason, line, Chat.Error, afterOutput: afterOutput);
        p.DeadlineMs = long.MaxValue;
        p.Failed = true;
        foreach (var q in _programs)
            if (q.Spec.OnDependencyFailure == Model.OnDependencyFailure.Stop && q.Spec.DependsOn.Any(d => d.Program == p.Name) && !q.IsDown)
                OnStopRequested(q, $"its dependency {p.Name} is FATAL", Chat.Warning);
        if (p.Spec.Critical && !_shuttingDown)
        {
            _criticalExitCode = p.LastExit?.ShellCode ?? 1;
            Log($"{p.Name} is critical and FATAL: shutting down", level: Chat.Error);
            BeginShutdown();
        }
        else if (p.Spec.Main && !_shuttingDown)
        {
            _mainExitCode = p.LastExit?.ShellCode ?? 1;
            Log($"{p.Name} is the main program and FATAL: shutting down", level: Chat.Error);
            BeginShutdown();
        }
    }

    // ---- timers ----------------------------------------------------------------------------------

    private void FireDueTimers(long now)
    {
        FireChildDeadlines(now);
        FireStartTimeouts(now);
        FireStage2Deadline(now);
        for (var i = 0; i < _programs.Count; i++)
        {
            var p = _programs[i];
            if (p.DeadlineMs > now) continue;
            p.DeadlineMs = long.MaxValue;
            OnTimer(p, now);
            if (i < _programs.Count && _programs[i] != p) i--; // dropped (a removed program's held exit ended)
        }
    }

    /// <summary>Event: its one timer fired; which timer it is follows from the phase.</summary>
    private void OnTimer(ProgramRuntime p, long now)
    {
        switch (LifecycleTable.OnTimer(p.Phase))
        {
            case Reaction.EnterRunning:
                EnterRunning(p, $"running: up for {FormatMs((long)p.Spec.StartSeconds.TotalMilliseconds)} (start_seconds)");
                break;
            case Reaction.ForgetFailures:
                p.FailedStarts = 0; // stayed up for backoff.reset
                break;
            case Reaction.StartAgain:
                if (p.Want == Want.Up) BeginStart(p);
                else Transition(p, Phase.Stopped, "not wanted up at the end of its backoff");
                break;
            case Reaction.PollLeftovers:
                AdvanceHeldStop(p, now);
                break;
            case Reaction.SendStopSignal:
                // A logger still running after its input ended: now the stop signal (see EndInputOf).
                Transition(p, Phase.Stopping, $"still running {FormatMs((long)p.Spec.StopTimeout.TotalMilliseconds)} after its input ended");
                SendStopSignal(p);
                break;
            case Reaction.Kill:
                p.Failed = true;
                Transition(p, Phase.Killing, p.StateReason ?? "stopping", // the stop's reason stays; the line says SIGKILL
                    $"{p.Name} killed after {FormatMs((long)p.Spec.StopTimeout.TotalMilliseconds)} (did not stop on {Model.Signals.Name(p.Spec.StopSignal)})", Chat.Warning);
                SendKill(p);
                break;
            case Reaction.Ignore:
                break;
            default:
                LifecycleBug(p, LifecycleEvent.Timer);
                break;
        }
    }

    // ---- stopping --------------------------------------------------------------------------------

    /// <summary>
    /// Event: asked to stop (control stop, a dependency gone FATAL, a shutdown wave, a start
    /// timeout): its stop signal to its process group, SIGKILL after stop_timeout.
    /// </summary>
    private void OnStopRequested(ProgramRuntime p, string reason, Chat level = Chat.Info, string? line = null)
    {
        p.Want = Want.Down;
        switch (LifecycleTable.OnStopRequested(p.Phase))
        {
            case Reaction.BeginStop:
                BeginStop(p, reason, line ?? $"{p.Name} stopping: {reason}", level);
                break;
            case Reaction.StopAtOnce:
                p.DeadlineMs = long.MaxValue;
                Transition(p, Phase.Stopped, reason, line ?? $"{p.Name} stopped: {reason}", level);
                break;
            case Reaction.CancelStart:
                if (line is not null) Log(line, level: level);
                CancelStart(p, reason);
                break;
            case Reaction.Ignore:
                break; // already stopping or down
            default:
                LifecycleBug(p, LifecycleEvent.StopRequested);
                break;
        }
    }

    private void BeginStop(ProgramRuntime p, string reason, string line, Chat level)
    {
        if (p.Pid <= 0)
        {
            // Cannot happen (a process phase has a pid); never kill(0), which signals Tend's own group.
            LifecycleBug(p, LifecycleEvent.StopRequested);
            return;
        }
        Transition(p, Phase.Stopping, reason, line, level);
        SendStopSignal(p);
    }

    /// <summary>Event: at shutdown, the program it reads is down and has finished: Tend closes its input (see <see cref="EndInputOf"/>).</summary>
    private void OnInputEnded(ProgramRuntime p)
    {
        p.Want = Want.Down;
        switch (LifecycleTable.OnInputEnded(p.Phase))
        {
            case Reaction.EndInput:
                Transition(p, Phase.EndingInput, "shutting down: its input ended");
                p.DeadlineMs = NowMs + (long)p.Spec.StopTimeout.TotalMilliseconds;
                break;
            case Reaction.Ignore:
                break;
            default:
                LifecycleBug(p, LifecycleEvent.InputEnded);
                break;
        }
    }

    /// <summary>Event: its liveness probe is failing: a restart that backs off, so a sick program cannot spin.</summary>
    /// <param name="p">The program.</param>
    /// <param name="probe">The probe that failed: its liveness probe, or its startup probe, whose failure is the same event.</param>
    private void OnLivenessFailed(ProgramRuntime p, string probe = "liveness probe")
    {
        switch (LifecycleTable.OnLivenessFailed(p.Phase))
        {
            case Reaction.RestartForLiveness:
                p.LivenessRestarts++;
                OnStopRequested(p, $"failed its {probe}: restarting", Chat.Warning, $"{p.Name} failed its {probe}: restarting");
                p.Want = Want.Up;
                p.RestartDelayMs = (long)Backoff.Delay(p.Spec.Backoff, p.LivenessRestarts).TotalMilliseconds;
                RestartDependentsOf(p); // a liveness restart is a restart
                break;
            case Reaction.Ignore:
                break; // a stop is under way, or a verdict about an earlier run
            default:
                LifecycleBug(p, LifecycleEvent.LivenessFailed);
                break;
        }
    }

    /// <summary>Control restart and restart_with: stop it if it runs, then start it again (once its dependencies allow).</summary>
    private void OnRestartRequested(ProgramRuntime p, string reason, string? line = null)
    {
        if (Phases.HasProcess(p.Phase) || Phases.IsStopping(p.Phase))
        {
            OnStopRequested(p, reason, line: line);
            p.Want = Want.Up; // the exit then leads to a new start
            return;
        }
        if (line is not null) Log(line);
        OnStartRequested(p, reason);
    }

    // ---- reload and shutdown ---------------------------------------------------------------------

    /// <summary>Event: a reload changed its settings. Down: they take over now; otherwise at its exit, and it starts again if autostart says so.</summary>
    private void OnReloaded(ProgramRuntime p, Model.ProgramSpec spec)
    {
        switch (LifecycleTable.OnReloaded(p.Phase))
        {
            case Reaction.SwapSettings:
                p.PendingChange = null;
                SwapSpec(p, spec);
                if (spec.AutoStart) OnStartRequested(p, "changed by a reload");
                break;
            case Reaction.BeginStop or Reaction.StopAtOnce or Reaction.Ignore:
                p.PendingChange = new ReloadChange(spec);
                OnStopRequested(p, "changed by a reload");
                p.Want = spec.AutoStart ? Want.Up : Want.Down;
                if (p.IsDown) ApplyReloadOnExit(p); // it was in BACKOFF: no exit will come
                if (p.Want == Want.Up) RestartDependentsOf(p); // a reload restart is a restart
                break;
            default:
                LifecycleBug(p, LifecycleEvent.Reloaded);
                break;
        }
    }

    /// <summary>Event: a reload removed it. Down: dropped now; otherwise stopped, and dropped once down with all it started.</summary>
    private void OnRemoved(ProgramRuntime p)
    {
        switch (LifecycleTable.OnRemoved(p.Phase))
        {
            case Reaction.Drop:
                if (Phases.IsWaiting(p.Phase)) CancelStart(p, "removed by a reload");
                DropRemoved(p);
                break;
            case Reaction.BeginStop or Reaction.StopAtOnce or Reaction.Ignore:
                p.PendingChange = new ReloadChange(null);
                OnStopRequested(p, "removed by a reload");
                if (p.IsDown) DropRemoved(p); // it was in BACKOFF, which stops at once
                break;
            default:
                LifecycleBug(p, LifecycleEvent.Removed);
                break;
        }
    }

    /// <summary>After an exit: drop a removed program, or swap in the spec a reload gave it.</summary>
    private void ApplyReloadOnExit(ProgramRuntime p)
    {
        if (p.PendingChange is not { } change) return;
        p.PendingChange = null;
        if (change.Removes) { DropRemoved(p); return; }
        SwapSpec(p, change.Spec!);
        if (p.Want == Want.Up && !_shuttingDown) OnStartRequested(p, "changed by a reload");
    }

    private static void SwapSpec(ProgramRuntime p, Model.ProgramSpec spec)
    {
        p.Spec = spec;
        p.FailedStarts = 0;
        p.QuickCrashes = 0;
    }

    /// <summary>Event: Tend's shutdown began: nothing more is wanted up, waiting starts are called off (the waves stop the rest in order).</summary>
    private void OnShutdown(ProgramRuntime p)
    {
        p.Want = Want.Down;
        switch (LifecycleTable.OnShutdown(p.Phase))
        {
            case Reaction.CancelStart:
                CancelStart(p, "shutting down");
                break;
            case Reaction.Ignore:
                break;
            default:
                LifecycleBug(p, LifecycleEvent.Shutdown);
                break;
        }
    }

    private static string Describe(ExitStatus s) => ExitPlan.Describe(s);

    private static string FormatMs(long ms) => ExitPlan.Format(ms);
}
