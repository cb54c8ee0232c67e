using Tend.Posix;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Children that are not programs: finish commands, oneshots' down commands and shutdown commands
/// (cont-finish.d). Spawned and reaped on the loop thread like programs, each killed (SIGKILL to its
/// group) at its deadline, each with a callback for its exit. A callback that throws is reported
/// and the loop goes on.
/// </summary>
public sealed partial class Supervisor
{
    private sealed class SideJob(string label, long deadlineMs, Action<ExitStatus> onExit)
    {
        public string Label { get; } = label;
        public long DeadlineMs { get; set; } = deadlineMs;
        public Action<ExitStatus> OnExit { get; } = onExit;
    }

    private readonly Dictionary<int, SideJob> _sideJobs = [];

    /// <summary>Spawns a side job; its output goes where <paramref name="request"/>'s StdoutFd and StderrFd say. Returns the pid, or 0 when it could not start (logged).</summary>
    private int StartSideJob(string label, SpawnRequest request, TimeSpan? timeout, Action<ExitStatus> onExit)
    {
        var result = _processes.Spawn(request);
        if (!result.Ok)
        {
            Log($"cannot run {label}: {result.Error}", level: Chat.Error);
            return 0;
        }
        var deadline = timeout is { } t ? NowMs + (long)t.TotalMilliseconds : long.MaxValue;
        _sideJobs[result.Pid] = new SideJob(label, deadline, onExit);
        return result.Pid;
    }

    /// <summary>Called by the reaper; false when the pid is not a side job.</summary>
    private bool OnSideJobExit(int pid, ExitStatus status)
    {
        if (!_sideJobs.Remove(pid, out var job)) return false;
        try { job.OnExit(status); }
        catch (Exception e) when (e is not OutOfMemoryException) { Log($"internal error after {job.Label} ended: {Model.ErrorText.Of(e)}", level: Chat.Error); }
        return true;
    }

    private void KillTimedOutSideJobs(long now)
    {
        foreach (var (pid, job) in _sideJobs)
        {
            if (job.DeadlineMs > now) continue;
            job.DeadlineMs = long.MaxValue; // killed once; reaped later
            Log($"{job.Label} timed out: killing it", level: Chat.Warning);
            _processes.SignalGroup(pid, Model.Signals.SIGKILL);
            _processes.Signal(pid, Model.Signals.SIGKILL);
        }
    }

    private long NextSideJobDeadline()
    {
        var next = long.MaxValue;
        foreach (var job in _sideJobs.Values)
            if (job.DeadlineMs < next) next = job.DeadlineMs;
        return next;
    }
}
