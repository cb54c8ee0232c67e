using Tend.Model;
using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Oneshots (s6-rc oneshots, s6-overlay cont-init.d scripts): run once; an expected exit means "up"
/// (completed_successfully dependents start), anything else means failed (FATAL, so dependents
/// never start, and a Critical one stops the container); never restarted. At shutdown a completed
/// oneshot's down command runs in the reverse dependency order of the stop (see
/// <see cref="StopWhatMayStop"/>). Also the start timeout (s6-rc timeout-up) of oneshots and of
/// longruns that notify readiness.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Handles the exit of a oneshot; false when <paramref name="p"/> is not one.</summary>
    private bool OnOneshotExit(ProgramRuntime p, ExitStatus status)
    {
        if (p.Spec.Kind != ProgramKind.Oneshot || p.Spec.Main) return false;
        var timedOut = p.StartTimeoutAtMs == long.MinValue;
        p.StartTimeoutAtMs = long.MaxValue;
        if (p.Want == Want.Down || _shuttingDown)
        {
            SetState(p, ProgramState.Stopped, $"stopped before completing ({Describe(status)})");
            Log($"{p.Name} stopped before completing ({Describe(status)})", after: p.Name);
            return true;
        }
        if (!timedOut && RestartDecision.IsExpected(p.Spec.ExitCodes, status))
        {
            p.OneshotUp = true;
            SetState(p, ProgramState.Exited, $"exited with {Describe(status)}: completed");
            Log($"{p.Name} exited with {Describe(status)}: completed", after: p.Name);
            // cont-init.d scripts accept every code unless S6_BEHAVIOUR_IF_STAGE2_FAILS=2; 1 still warns.
            if (status.Code != 0) Stage2Failed($"{p.Name} exited with {status.Code}", status.Code);
            return true;
        }
        p.Failed = true;
        var failed = $"failed: {(timedOut ? "killed at its start timeout" : $"exited with {Describe(status)}")}";
        Log($"{p.Name} {failed}", after: p.Name, level: Chat.Error);
        GoFatal(p, failed); // dependents never start; a critical oneshot stops the container
        // After GoFatal: a shutdown begun here must find the oneshot down already (its pid is gone).
        if (!p.Spec.Critical) Stage2Failed($"{p.Name} failed", status.ShellCode);
        return true;
    }

    /// <summary>A completed oneshot with a down command still to run (it counts as up for the stop order).</summary>
    private static bool OneshotStillUp(ProgramRuntime p) => p.OneshotUp && p.Spec.DownCommand is not null;

    private void RunDown(ProgramRuntime p)
    {
        if (p.DownPid > 0 || p.Spec.DownCommand is not { } down) return;
        ChildOutput output;
        try { output = OpenOutput(p); }
        catch (PosixException e)
        {
            Log($"cannot run the down command of \"{p.Name}\": {ErrorText.Of(e)}", level: Chat.Error);
            p.OneshotUp = false;
            return;
        }
        try
        {
            Log($"{p.Name} running its down command");
            var request = new SpawnRequest
            {
                Argv = down,
                Environment = EnvironmentOf(p),
                WorkingDir = p.Spec.WorkingDir,
                StdoutFd = output.OutWrite,
                StderrFd = output.StderrForChild,
            };
            var pid = StartSideJob($"the down command of \"{p.Name}\"", request, p.Spec.DownTimeout, s =>
            {
                p.DownPid = 0;
                p.OneshotUp = false;
                Log($"{p.Name} down command exited with {Describe(s)}", after: p.Name);
            });
            if (pid > 0)
            {
                p.DownPid = pid;
                AttachOutput(output, p);
            }
            else
            {
                output.CloseReadEnds();
                p.OneshotUp = false;
            }
        }
        finally
        {
            output.CloseWriteEnds();
        }
    }

    /// <summary>Arms the start timeout at a start: oneshots until they exit, notifying longruns until ready.</summary>
    private void ArmStartTimeout(ProgramRuntime p, long now)
    {
        p.StartTimeoutAtMs = long.MaxValue;
        if (p.Spec.StartTimeout is not { } limit) return;
        if (p.Spec.Kind == ProgramKind.Oneshot || p.AwaitsNotification)
            p.StartTimeoutAtMs = now + (long)limit.TotalMilliseconds;
    }

    private void FireStartTimeouts(long now)
    {
        foreach (var p in _programs)
        {
            if (p.StartTimeoutAtMs > now || p.StartTimeoutAtMs == long.MinValue || p.Pid <= 0) continue;
            var limit = FormatMs((long)(p.Spec.StartTimeout ?? TimeSpan.Zero).TotalMilliseconds);
            if (p.Spec.Kind == ProgramKind.Oneshot)
            {
                p.StartTimeoutAtMs = long.MinValue; // marks the coming exit as a failure
                Log($"{p.Name} did not complete within {limit}: killing it", level: Chat.Error);
                ProcessControl.SignalGroup(p.Pid, Model.Signals.SIGKILL);
                ProcessControl.Signal(p.Pid, Model.Signals.SIGKILL);
                continue;
            }
            p.StartTimeoutAtMs = long.MaxValue;
            p.Failed = true;
            Log($"{p.Name} did not become ready within {limit}: stopping it", level: Chat.Error);
            Stop(p, $"did not become ready within {limit}");
            Stage2Failed($"{p.Name} did not become ready within {limit}", 1);
        }
    }

    private long NextStartTimeout()
    {
        var next = long.MaxValue;
        foreach (var p in _programs)
            if (p.StartTimeoutAtMs != long.MinValue && p.StartTimeoutAtMs < next) next = p.StartTimeoutAtMs;
        return next;
    }
}
