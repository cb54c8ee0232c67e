using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// Stopping everything: waves of programs in reverse start order (equal priorities together), then,
/// when Tend is PID 1, TERM and later KILL to whatever is left in the namespace; when it is not,
/// the same to the processes that were re-parented to it.
/// </summary>
public sealed partial class Supervisor
{
    private bool _shuttingDown;
    private bool _finished;
    private bool _anyChildLeft = true;
    private int? _mainExitCode;
    private int? _criticalExitCode;
    private IReadOnlyList<IReadOnlyList<string>> _waves = [];
    private int _wave;
    private ShutdownPhase _phase;
    private long _finalDeadline = long.MaxValue;

    private enum ShutdownPhase { Programs, LeftoversTerm, LeftoversKill, Done }

    /// <summary>Starts an orderly shutdown; the loop finishes it.</summary>
    public void BeginShutdown()
    {
        if (_shuttingDown) return;
        _shuttingDown = true;
        foreach (var p in _programs) p.Want = Want.Down;
        _waves = StopPlan.Waves(_programs.Select(p => p.Spec));
        _wave = -1;
        _phase = ShutdownPhase.Programs;
        NextWave();
    }

    private void NextWave()
    {
        while (++_wave < _waves.Count)
        {
            var names = _waves[_wave];
            foreach (var p in _programs)
                if (names.Contains(p.Name)) Stop(p);
            if (_programs.Any(p => names.Contains(p.Name) && !p.IsDown)) return;
        }
    }

    private void AdvanceShutdown(long now)
    {
        if (!_shuttingDown || _finished) return;
        switch (_phase)
        {
            case ShutdownPhase.Programs:
                if (_wave < _waves.Count && _programs.Any(p => _waves[_wave].Contains(p.Name) && !p.IsDown)) return;
                NextWave();
                if (_wave < _waves.Count) return;
                if (!_anyChildLeft) { _phase = ShutdownPhase.Done; break; }
                SignalLeftovers(Model.Signals.SIGTERM);
                _phase = ShutdownPhase.LeftoversTerm;
                _finalDeadline = now + (long)_options.KillGrace.TotalMilliseconds;
                return;
            case ShutdownPhase.LeftoversTerm:
                if (!_anyChildLeft) { _phase = ShutdownPhase.Done; break; }
                if (now < _finalDeadline) return;
                Log($"processes left after {_options.KillGrace.TotalSeconds:0.#} s: sending SIGKILL");
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

    private void SignalLeftovers(int signal)
    {
        if (_isPid1)
        {
            ProcessControl.SignalAll(signal);
            ProcessControl.SignalAll(Model.Signals.SIGCONT);
            return;
        }
        foreach (var pid in ProcessControl.Children())
        {
            ProcessControl.Signal(pid, signal);
            ProcessControl.Signal(pid, Model.Signals.SIGCONT);
        }
    }
}
