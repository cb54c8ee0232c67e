namespace Tend.Posix;

/// <summary>
/// Waiting for one child of a short-lived helper process (s6-notifyoncheck's poller and its
/// checks), which runs no reaper thread. It goes through <see cref="ReaperThread.ReapExited"/>,
/// Tend's one waitpid, polled: never for Tend as supervisor, where the reaper thread owns every
/// wait. Other children it reaps meanwhile are dropped: a helper has no other children to supervise.
/// </summary>
public static class ChildWait
{
    /// <summary>The child's end, waiting until it comes; null when it is not our child (ECHILD).</summary>
    public static ExitStatus? Wait(int pid)
    {
        while (true)
        {
            if (Poll(pid, out var gone) is { } status) return status;
            if (gone) return null;
            Thread.Sleep(5);
        }
    }

    /// <summary>The child's end if it has come, without waiting; null while it runs.</summary>
    public static ExitStatus? Poll(int pid) => Poll(pid, out _);

    private static ExitStatus? Poll(int pid, out bool noChildren)
    {
        var reaped = new List<(int Pid, ExitStatus Status)>();
        noChildren = !ReaperThread.ReapExited(reaped);
        foreach (var (p, status) in reaped)
            if (p == pid) return status;
        return null;
    }
}
