using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>flock(2)-based exclusive locks on a file, held for as long as the descriptor is open.</summary>
public static class LockFile
{
    /// <summary>
    /// Opens (creating with <paramref name="mode"/>) and locks <paramref name="path"/> without
    /// waiting. Returns the descriptor that holds the lock, or -1 when someone else holds it.
    /// </summary>
    public static int TryAcquire(string path, int mode)
    {
        // O_APPEND|O_CREAT for write, as runsv opens supervise/lock; the file stays empty.
        var fd = LibC.open(path, LibC.O_WRONLY | LibC.O_APPEND | LibC.O_CREAT | LibC.O_NONBLOCK | LibC.O_CLOEXEC, mode);
        if (fd < 0) throw PosixException.FromLastError($"open {path}");
        while (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            LibC.close(fd);
            if (errno == LibC.EWOULDBLOCK) return -1;
            throw new PosixException(errno, $"flock {path}");
        }
        return fd;
    }
}
