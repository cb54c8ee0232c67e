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

    /// <summary>Spawns a side job; its output goes where <paramref name="request"/>'s StdoutFd and StderrFd say. Returns the pid, or 0 when it could not start (logged).</summary>
    private int StartSideJob(ChildKind kind, string label, SpawnRequest request, TimeSpan? timeout, Action<ExitStatus> onExit)
    {
        var result = _processes.Spawn(request);
        if (!result.Ok)
        {
            Log($"cannot run {label}: {result.Error}", level: Chat.Error);
            return 0;
        }
        var deadline = timeout is { } t ? NowMs + (long)t.TotalMilliseconds : long.MaxValue;
        _children[result.Pid] = new Child(kind, Side: new SideJob(label, deadline, onExit)); // a callback that throws is reported by RouteExits
        return result.Pid;
    }

    /// <summary>Its deadline came: SIGKILL to its group, once; it is reaped later.</summary>
    private void SideJobTimedOut(int pid, SideJob job)
    {
        job.DeadlineMs = long.MaxValue;
        Log($"{job.Label} timed out: killing it", level: Chat.Warning);
        _processes.SignalGroup(pid, Model.Signals.SIGKILL);
        _processes.Signal(pid, Model.Signals.SIGKILL);
    }
}
