using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// Stopping everything: programs in reverse start order (<see cref="StopPlan.CanStop"/>: higher
/// priorities and dependents first, programs with no order between them together), then, when
/// Tend is PID 1, TERM and later KILL to whatever is left in the namespace; when it is not, the
/// same to the processes that were re-parented to it.
/// </summary>
public sealed partial class Supervisor
{
    private bool _shuttingDown;

    /// <summary>An orderly shutdown has begun (read it on the loop thread).</summary>
    public bool ShuttingDown => _shuttingDown;
    private bool _finished;
    private bool _anyChildLeft = true;
    private int? _mainExitCode;
    private int? _criticalExitCode;
    private ShutdownPhase _phase;
    private long _finalDeadline = long.MaxValue;

    private enum ShutdownPhase { Programs, ShutdownCommands, LeftoversTerm, LeftoversKill, Done }

    /// <summary>Starts an orderly shutdown; the loop finishes it.</summary>
    public void BeginShutdown()
    {
        if (_shuttingDown) return;
        _shuttingDown = true;
        PublishSupervisorState(running: false);
        foreach (var p in _programs) OnShutdown(p);
        _phase = ShutdownPhase.Programs;
        StopJobRuns();
        StopWhatMayStop();
    }

    /// <summary>
    /// Asks every program that may stop now (see <see cref="StopPlan.CanStop"/>) to stop, and runs the
    /// down command of every completed oneshot that may now go down (a oneshot counts as up until
    /// then, so it goes down after its dependents, as s6-rc does). Done when all are down and no
    /// finish or down command still runs.
    /// </summary>
    private bool StopWhatMayStop()
    {
        var up = _programs.Where(p => !p.IsDown || OneshotStillUp(p)).Select(p => p.Spec).ToList();
        foreach (var p in _programs)
        {
            if (!p.IsDown && !Phases.IsStopping(p.Phase) && StopPlan.CanStop(p.Spec, up)) { if (!EndInputOf(p)) OnStopRequested(p, "shutting down"); }
            else if (p.IsDown && OneshotStillUp(p) && p.DownPid == 0 && StopPlan.CanStop(p.Spec, up)) RunDown(p);
        }
        return _programs.All(p => p.IsDown && !OneshotStillUp(p) && p.FinishPid == 0) && !JobRunsLeft;
    }

    /// <summary>
    /// Stops a program that reads another's output (a runit or s6 logger) the way runsv and s6 do:
    /// once its writer is down and its finish has run, Tend closes its own copy of the pipe's write
    /// end, so the logger reads every last line, sees EOF and exits by itself. A stop signal then
    /// would cut it off mid-pipe and lose the service's last lines. It gets the signal only if it is
    /// still running after its stop_timeout. False when this is not such a program.
    /// </summary>
    private bool EndInputOf(ProgramRuntime p)
    {
        if (p.Spec.StdinFrom is not { } writer || p.Pid <= 0 || LifecycleTable.OnInputEnded(p.Phase) != Reaction.EndInput) return false;
        if (Find(writer) is { } w && (!w.IsDown || w.FinishPid != 0)) return true; // its finish may still write: wait
        if (_stdinPipes.Remove(p.Name, out var pipe))
        {
            Fd.Close(pipe.Write);
            Fd.Close(pipe.Read);
        }
        OnInputEnded(p);
        return true;
    }

    private void AdvanceShutdown(long now)
    {
        if (!_shuttingDown || _finished) return;
        switch (_phase)
        {
            case ShutdownPhase.Programs:
                if (!StopWhatMayStop()) return;
                _phase = ShutdownPhase.ShutdownCommands;
                goto case ShutdownPhase.ShutdownCommands;
            case ShutdownPhase.ShutdownCommands:
                // s6-overlay's cont-finish.d: one at a time, after the programs, before the final TERM.
                if (AdvanceShutdownCommands()) return;
                if (!_anyChildLeft) { _phase = ShutdownPhase.Done; break; }
                SignalLeftovers(Model.Signals.SIGTERM);
                _phase = ShutdownPhase.LeftoversTerm;
                _finalDeadline = now + (long)_options.KillGrace.TotalMilliseconds;
                return;
            case ShutdownPhase.LeftoversTerm:
                if (!_anyChildLeft) { _phase = ShutdownPhase.Done; break; }
                if (now < _finalDeadline) return;
                Log($"processes left after {_options.KillGrace.TotalSeconds:0.#} s: sending SIGKILL", level: Chat.Warning);
                SignalLeftovers(Model.Signals.SIGKILL);
                _phase = ShutdownPhase.LeftoversKill;
                _finalDeadline = now + 1000;
                return;
            case ShutdownPhase.LeftoversKill:
                if (_anyChildLeft && now < _finalDeadline) return;
                _phase = ShutdownPhase.Done;
                break;
        }
        _finalDeadline = long.MaxValue;
        _finished = true;
    }

    private void SignalLeftovers(int signal) => _processes.SignalLeftovers(_isPid1, signal);
}
