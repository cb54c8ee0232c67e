using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Waiting for one child of a short-lived helper process (s6-notifyoncheck's poller and its
/// checks). Never for Tend as supervisor: there the reaper thread owns every wait.
/// </summary>
public static class ChildWait
{
    /// <summary>The child's end, blocking until it comes; null when it is not our child (ECHILD).</summary>
    public static ExitStatus? Wait(int pid)
    {
        while (true)
        {
            if (LibC.waitpid(pid, out var status, 0) == pid) return ExitStatus.FromWaitStatus(status);
            if (Marshal.GetLastPInvokeError() != LibC.EINTR) return null;
        }
    }

    /// <summary>The child's end if it has come, without waiting; null while it runs.</summary>
    public static ExitStatus? Poll(int pid) =>
        LibC.waitpid(pid, out var status, LibC.WNOHANG) == pid ? ExitStatus.FromWaitStatus(status) : null;
}
