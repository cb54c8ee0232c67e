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
    /// <summary>
    /// What follows the exit of a oneshot (called by the life cycle's exit): COMPLETED (EXITED) on
    /// an expected code, FATAL otherwise; STOPPED when it was stopped before completing.
    /// </summary>
    private void OnOneshotExit(ProgramRuntime p, ExitStatus status, bool stopped)
    {
        var timedOut = p.StartTimeoutAtMs == long.MinValue;
        p.StartTimeoutAtMs = long.MaxValue;
        if (stopped || p.Want == Want.Down || _shuttingDown)
        {
            Transition(p, Phase.Stopped, $"stopped before completing ({Describe(status)})");
            return;
        }
        if (!timedOut && RestartDecision.IsExpected(p.Spec.ExitCodes, status))
        {
            Transition(p, Phase.Completed, $"exited with {Describe(status)}: completed");
            // cont-init.d scripts accept every code unless S6_BEHAVIOUR_IF_STAGE2_FAILS=2; 1 still warns.
            if (status.Code != 0) Stage2Failed($"{p.Name} exited with {status.Code}", status.Code);
            return;
        }
        p.Failed = true;
        var failed = $"failed: {(timedOut ? "killed at its start timeout" : $"exited with {Describe(status)}")}";
        GoFatal(p, failed, $"{p.Name} {failed}", afterOutput: true); // dependents never start; a critical oneshot stops the container
        // After GoFatal: a shutdown begun here must find the oneshot down already (its pid is gone).
        if (!p.Spec.Critical) Stage2Failed($"{p.Name} failed", status.ShellCode);
    }

    /// <summary>A completed oneshot with a down command still to run (it counts as up for the stop order).</summary>
    private static bool OneshotStillUp(ProgramRuntime p) => p.Phase == Phase.Completed && p.Spec.DownCommand is not null;

    private void RunDown(ProgramRuntime p)
    {
        if (p.DownPid > 0 || p.Spec.DownCommand is not { } down) return;
        ChildOutput output;
        try { output = OpenOutput(p); }
        catch (PosixException e)
        {
            var why = $"cannot run the down command of \"{p.Name}\": {ErrorText.Of(e)}";
            Transition(p, Phase.Exited, why, why, Chat.Error);
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
            var pid = StartSideJob(ChildKind.DownCommand, $"the down command of \"{p.Name}\"", request, p.Spec.DownTimeout, s =>
            {
                p.DownPid = 0;
                var line = $"{p.Name} down command exited with {Describe(s)}";
                if (p.Phase == Phase.Completed) Transition(p, Phase.Exited, $"down command exited with {Describe(s)}", line, afterOutput: true);
                else Log(line, after: p.Name);
            });
            if (pid > 0)
            {
                p.DownPid = pid;
                AttachOutput(output, p);
            }
            else
            {
                output.CloseReadEnds();
                Transition(p, Phase.Exited, "its down command could not run");
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
                _processes.SignalGroup(p.Pid, Model.Signals.SIGKILL);
                _processes.Signal(p.Pid, Model.Signals.SIGKILL);
                continue;
            }
            p.StartTimeoutAtMs = long.MaxValue;
            p.Failed = true;
            OnStopRequested(p, $"did not become ready within {limit}", Chat.Error, $"{p.Name} did not become ready within {limit}: stopping it");
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
