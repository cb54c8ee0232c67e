using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// What Tend does with its own bugs. PID 1 must neither die of one handler's exception nor hang
/// silently, so there are two tiers:
/// - Each step of a loop iteration runs guarded: its exception is logged as an internal error and
///   the other steps still run (a failing timer must not stop reaping). That covers a bug that
///   strikes once, in one program's handling.
/// - A bug that cannot be survived: an exception escaping the loop (say, epoll itself failing), or
///   a step failing on <see cref="WedgedAfter"/> wakes in a row, which is a loop spinning on the same
///   error while nothing gets done. Then Tend stops every program directly (stop signal, wait up
///   to the stop timeout while reaping, KILL), without trusting the state machine, and exits with
///   <see cref="LoopFailedExitCode"/>.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Tend's exit code after its supervision loop failed and the programs were stopped.</summary>
    public const int LoopFailedExitCode = 102;

    /// <summary>Wakes in a row with a failing step after which the loop counts as wedged.</summary>
    private const int WedgedAfter = 200;

    /// <summary>Errors of one streak that are logged in full; the rest are counted.</summary>
    private const int LoggedPerStreak = 10;

    /// <summary>The longest the emergency stop waits for programs before it sends KILL.</summary>
    private static readonly TimeSpan EmergencyStopCap = TimeSpan.FromSeconds(30);

    private int _failedWakesInARow;
    private bool _stepFailedThisWake;

    private void Guard(string step, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PID 1 must not die of one program's trouble (say, EPERM signalling it): report, go on.
            _stepFailedThisWake = true;
            if (_failedWakesInARow < LoggedPerStreak) Log($"internal error in {step}: {Model.ErrorText.Of(e)}", level: Chat.Error);
        }
    }

    /// <summary>Ends one wake: counts a streak of failing wakes and gives up when it is too long.</summary>
    private void EndWake()
    {
        if (!_stepFailedThisWake)
        {
            if (_failedWakesInARow > LoggedPerStreak) Log($"internal errors stopped after {_failedWakesInARow} wakes in a row", level: Chat.Error);
            _failedWakesInARow = 0;
            return;
        }
        _stepFailedThisWake = false;
        if (++_failedWakesInARow == LoggedPerStreak) Log("internal errors keep coming: logging only a count from now on", level: Chat.Error);
        if (_failedWakesInARow >= WedgedAfter)
            throw new LoopWedgedException($"a step failed on {_failedWakesInARow} wakes in a row");
    }

    /// <summary>
    /// The loop cannot go on: stop every program with its own stop signal, wait (reaping) up to its
    /// stop timeout, KILL what is left, then the leftovers as at a normal shutdown.
    /// </summary>
    private int StopAfterLoopFailure(Exception failure)
    {
        try
        {
            Log($"internal error: the supervision loop cannot go on ({Model.ErrorText.Of(failure)}); " +
                $"stopping every program, then exiting with code {LoopFailedExitCode}", level: Chat.Error);
            var running = _programs.Where(p => p.Pid > 0).ToList();
            foreach (var p in running) SendTo(p, p.Spec.StopSignal);
            // Each program gets its own stop timeout (capped), then KILL, as at a normal stop.
            var start = Clock.NowMs;
            var alive = running.Select(p => p.Pid).ToHashSet();
            var killed = new HashSet<int>();
            while (alive.Count > 0)
            {
                var now = Clock.NowMs;
                foreach (var p in running)
                {
                    var timeout = p.Spec.StopTimeout < EmergencyStopCap ? p.Spec.StopTimeout : EmergencyStopCap;
                    if (!alive.Contains(p.Pid) || killed.Contains(p.Pid) || now < start + (long)timeout.TotalMilliseconds) continue;
                    Log($"{p.Name} killed: Tend is exiting after an internal error");
                    SendTo(p, Model.Signals.SIGKILL);
                    killed.Add(p.Pid);
                }
                if (killed.Count == alive.Count && killed.SetEquals(alive))
                {
                    WaitForExits(alive, Clock.NowMs + 1000);
                    break;
                }
                WaitForExits(alive, Clock.NowMs + 20);
            }
            SignalLeftovers(Model.Signals.SIGTERM);
            WaitForExits(null, Clock.NowMs + (long)_options.KillGrace.TotalMilliseconds);
            SignalLeftovers(Model.Signals.SIGKILL);
            WaitForExits(null, Clock.NowMs + 1000);
        }
        catch (Exception e)
        {
            // Nothing more can be done; exiting beats hanging. As PID 1 the kernel kills the rest.
            try { Log($"internal error while stopping after an internal error: {Model.ErrorText.Of(e)}"); } catch { }
        }
        return LoopFailedExitCode;
    }

    private static void SendTo(ProgramRuntime p, int signal)
    {
        if (p.Spec.StopAsGroup) ProcessControl.SignalGroup(p.Pid, signal);
        else ProcessControl.Signal(p.Pid, signal);
        ProcessControl.Signal(p.Pid, Model.Signals.SIGCONT);
    }

    /// <summary>Reaps until every pid of <paramref name="pids"/> (null: every child) is gone or the deadline passes.</summary>
    private void WaitForExits(HashSet<int>? pids, long deadlineMs)
    {
        // Polling, on purpose: this path must not depend on the epoll set that may be what failed
        // (the reaper thread does not use it).
        while (true)
        {
            _reaped.Clear();
            var anyLeft = _reaper.Drain(_reaped);
            foreach (var (pid, status) in _reaped)
            {
                pids?.Remove(pid);
                if (_children.Remove(pid, out var child) && child.Program is { } p) Log($"{p.Name} exited with {status}", after: p.Name);
            }
            _reaper.Handled(_reaped);
            if ((pids is null ? !anyLeft : pids.Count == 0) || Clock.NowMs >= deadlineMs) return;
            Thread.Sleep(10);
        }
    }

    private sealed class LoopWedgedException(string message) : Exception(message);
}
