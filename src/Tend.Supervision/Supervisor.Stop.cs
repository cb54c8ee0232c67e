using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// A stop ends everything the program started: its process group, and what it started in a
/// session or group of its own (`setsid worker &amp;`, a daemon's double fork while the program
/// still runs), which a signal to the group misses and which, once the program has exited, is
/// re-parented to Tend with nothing left to tie it to the program. Those are looked up in /proc
/// while the program runs (<see cref="ProcessTree"/>) and get the same stop signal, then SIGKILL
/// at the same stop_timeout. The program's exit is handled (STOPPED, removed by a reload, started
/// again) only once its group and those processes are gone, so a removal or a restart reported
/// leaves nothing of the old run behind. Programs stopped as a group only (Tend's default);
/// supervisord's stopasgroup=false and runit's and s6's services signal the program alone.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>How often a held stop looks whether what is left is gone, between reaps.</summary>
    private const long HeldStopPollMs = 50;

    /// <summary>How long SIGKILLed leftovers get to disappear before Tend gives up waiting on them.</summary>
    private const long HeldStopKillWaitMs = 1000;

    /// <summary>/proc read once per wake of the loop, by the first stop that needs it (see <see cref="ForgetProcessTree"/>).</summary>
    private ProcessTree.Snapshot? _processTree;

    /// <summary>
    /// Notes what the program started outside its group. Called before the program itself is
    /// signalled: a program that dies at once on its stop signal leaves its children to Tend, and
    /// a later look in /proc would no longer find them under it.
    /// </summary>
    private void FindStrays(ProgramRuntime p)
    {
        if (!p.Spec.StopAsGroup || p.Pid <= 0) return;
        if ((_processTree ??= _processes.ScanProcesses()) is not { } tree) return;
        foreach (var m in tree.Descendants(p.Pid))
            if (m.ProcessGroup != p.Pid && !p.Strays.Exists(s => s.Pid == m.Pid && s.StartTime == m.StartTime)) p.Strays.Add(m);
    }

    /// <summary>Sends <paramref name="signal"/> to what the program started outside its group (found by <see cref="FindStrays"/>).</summary>
    private void SignalStrays(ProgramRuntime p, int signal)
    {
        if (!p.Spec.StopAsGroup) return;
        FindStrays(p);
        p.Strays.RemoveAll(m => !ProcessTree.IsAlive(m));
        foreach (var m in p.Strays)
        {
            _processes.Signal(m.Pid, signal);
            if (signal != Model.Signals.SIGKILL) _processes.Signal(m.Pid, Model.Signals.SIGCONT);
        }
    }

    /// <summary>
    /// At the exit of a program being stopped: true (and the exit held, in
    /// <see cref="Phase.StoppingLeftovers"/>) while its group or its strays still run; they had the
    /// stop signal with it and get SIGKILL at its stop_timeout.
    /// </summary>
    private bool HoldExitForLeftovers(ProgramRuntime p, ExitStatus status)
    {
        if (!p.Spec.StopAsGroup || p.HeldExit is not null) return false;
        if (!LeftoversRun(p, p.Pid)) { p.Strays.Clear(); return false; }
        p.HeldExit = status;
        p.HeldGroup = p.Pid;
        p.HeldUntilMs = p.DeadlineMs; // the stop timeout, still armed
        p.Pid = 0;                    // reaped: never signal that pid again
        var now = NowMs;
        if (p.Phase == Phase.Killing)
        {
            // Past the stop timeout already: the strays had SIGKILL with the program, now its group.
            if (p.Spec.KillAsGroup) _processes.SignalGroupOfReapedLeader(p.HeldGroup, Model.Signals.SIGKILL);
            p.HeldUntilMs = now + HeldStopKillWaitMs;
            Transition(p, Phase.KillingLeftovers, p.StateReason ?? "stopping");
        }
        else Transition(p, Phase.StoppingLeftovers, p.StateReason ?? "stopping");
        p.DeadlineMs = Math.Min(p.HeldUntilMs, now + HeldStopPollMs);
        return true;
    }

    /// <summary>The group of the reaped program still has members, or one of its strays runs.</summary>
    private bool LeftoversRun(ProgramRuntime p, int group) =>
        _processes.GroupOfReapedLeaderExists(group) || p.Strays.Exists(ProcessTree.IsAlive);

    /// <summary>On the poll timer: a held exit whose leftovers are gone is handled now; SIGKILL at stop_timeout; a last second after it.</summary>
    private void AdvanceHeldStop(ProgramRuntime p, long now)
    {
        if (!LeftoversRun(p, p.HeldGroup)) { OnLeftoversGone(p); return; }
        if (now >= p.HeldUntilMs)
        {
            if (p.Phase == Phase.KillingLeftovers)
            {
                Log($"{p.Name}: processes it started still run {HeldStopKillWaitMs} ms after SIGKILL; left to the final cleanup", level: Chat.Warning);
                OnLeftoversGone(p);
                return;
            }
            KillLeftovers(p, now);
        }
        p.DeadlineMs = Math.Min(p.HeldUntilMs, now + HeldStopPollMs);
    }

    private void KillLeftovers(ProgramRuntime p, long now)
    {
        p.Failed = true;
        if (p.Spec.KillAsGroup) _processes.SignalGroupOfReapedLeader(p.HeldGroup, Model.Signals.SIGKILL);
        SignalStrays(p, Model.Signals.SIGKILL);
        p.HeldUntilMs = now + HeldStopKillWaitMs;
        Transition(p, Phase.KillingLeftovers, p.StateReason ?? "stopping",
            $"{p.Name}: processes it started killed after {FormatMs((long)p.Spec.StopTimeout.TotalMilliseconds)} (did not stop on {Model.Signals.Name(p.Spec.StopSignal)})", Chat.Warning);
    }

    /// <summary>At the end of a wake: the next stop reads /proc afresh.</summary>
    private void ForgetProcessTree() => _processTree = null;

    /// <summary>After reaping: held exits whose leftovers have just gone are handled at once.</summary>
    private void AdvanceHeldStops()
    {
        for (var i = _programs.Count - 1; i >= 0; i--) // backwards: a removed program is dropped on the way
        {
            if (i >= _programs.Count) continue;
            var p = _programs[i];
            if (p.Phase is Phase.StoppingLeftovers or Phase.KillingLeftovers && !LeftoversRun(p, p.HeldGroup)) OnLeftoversGone(p);
        }
    }
}
