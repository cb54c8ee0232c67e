using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>Signals, identity and the PID 1 / subreaper role.</summary>
public static class ProcessControl
{
    public static int CurrentPid => LibC.getpid();
    public static bool IsRoot => LibC.geteuid() == 0;

    /// <summary>Sends a signal; false when the target no longer exists (ESRCH).</summary>
    public static bool Signal(int pid, int signal)
    {
        // 0 and -1 mean "my process group" and "everyone": never what a caller with a stale pid
        // (0 after a reap) means, and as a test child they reach the test runner. SignalAll is for -1.
        if (pid is 0 or -1) return false;
        if (ReaperThread.Current is not { } reaper) return Kill(pid, signal);
        // A pid reaped but not yet handled by the loop may already belong to someone else.
        lock (reaper.Lock)
            return !reaper.IsReapedNotHandled(Math.Abs(pid)) && Kill(pid, signal);
    }

    private static bool Kill(int pid, int signal)
    {
        if (LibC.kill(pid, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.ESRCH) return false;
        throw new PosixException(errno, $"kill({pid}, {signal})");
    }

    /// <summary>Signals a whole process group (kill(-pgid)).</summary>
    public static bool SignalGroup(int pgid, int signal) => pgid > 1 && Signal(-pgid, signal);

    /// <summary>
    /// Signals the process group of a leader already reaped (its exec probe's, or a program's left
    /// members). Unlike a pid, a group id cannot be given to a new process while any member of the
    /// group lives, so this is safe after the reap that <see cref="Signal"/> guards against; once the
    /// group is empty it is ESRCH (short of pid_max spawns in between, as for the reaper's drain).
    /// </summary>
    public static bool SignalGroupOfReapedLeader(int pgid, int signal) => pgid > 1 && LibC.kill(-pgid, signal) == 0;

    /// <summary>
    /// The group of a reaped leader still has members (see <see cref="SignalGroupOfReapedLeader"/>);
    /// EPERM means members Tend may not signal, which exist all the same.
    /// </summary>
    public static bool GroupOfReapedLeaderExists(int pgid) =>
        pgid > 1 && (LibC.kill(-pgid, 0) == 0 || Marshal.GetLastPInvokeError() == LibC.EPERM);

    /// <summary>Signals every process Tend may signal except itself (kill(-1)); only sane as PID 1 of a namespace.</summary>
    public static bool SignalAll(int signal) => LibC.kill(-1, signal) == 0;

    /// <summary>
    /// Orphans of our descendants are re-parented to us instead of to PID 1. Where the call does not
    /// exist (EINVAL: qemu-user, which runs an arm64 image on an x64 host, has no such prctl; so
    /// has no kernel before 3.4) Tend still supervises and reaps its own children, and only the
    /// orphans of programs go to PID 1 instead: a warning on stderr says so, where it used to die.
    /// </summary>
    public static void BecomeSubreaper()
    {
        if (LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0) return;
        var error = PosixException.FromLastError("prctl(PR_SET_CHILD_SUBREAPER)");
        if (error.Errno != EINVAL) throw error;
        Fd.WriteAll(2, System.Text.Encoding.UTF8.GetBytes(
            "tend: warning: cannot become the subreaper of its programs (prctl(PR_SET_CHILD_SUBREAPER) is not supported here, as under qemu-user); their orphans go to PID 1\n"));
    }

    private const int EINVAL = 22;

    /// <summary>
    /// The calling thread's name, which for the main thread is the process name ps, pgrep and
    /// /proc/PID/comm show (at most 15 bytes, as the kernel keeps it); false when refused.
    /// </summary>
    public static unsafe bool SetName(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name.Length > 15 ? name[..15] : name);
        var buffer = new byte[16];
        bytes.AsSpan(0, Math.Min(bytes.Length, 15)).CopyTo(buffer);
        fixed (byte* p = buffer)
            return LibC.prctl(LibC.PR_SET_NAME, (nuint)p, 0, 0, 0) == 0;
    }

    /// <summary>Makes a process group the terminal's foreground group (single-child mode on a TTY).</summary>
    public static void SetForeground(int fd, int pgid) => LibC.tcsetpgrp(fd, pgid);

    /// <summary>Direct children of this process, from /proc/self/task/*/children.</summary>
    public static List<int> Children()
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(part, out var pid)) result.Add(pid);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return result;
    }
}
