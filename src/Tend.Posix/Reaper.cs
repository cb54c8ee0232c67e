using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Collects every exited child, for single-child mode, whose one loop both spawns and reaps (the
/// supervisor has <see cref="ReaperThread"/> instead). The same thread spawns and reaps, so a pid is
/// always registered before it can be reaped: no lock, and no window where a fast exit is mistaken
/// for an orphan. SIGCHLD coalesces, so each call drains until waitpid says there is nothing more.
/// </summary>
public static class Reaper
{
    /// <summary>Reaps all exited children into <paramref name="into"/>; returns false when no child is left at all.</summary>
    public static bool ReapAll(List<(int Pid, ExitStatus Status)> into)
    {
        while (true)
        {
            var pid = LibC.waitpid(-1, out var status, LibC.WNOHANG);
            if (pid > 0) { into.Add((pid, ExitStatus.FromWaitStatus(status))); continue; }
            if (pid == 0) return true;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            return false; // ECHILD: no children left
        }
    }
}
