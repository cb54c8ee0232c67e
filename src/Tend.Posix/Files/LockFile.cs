using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>flock(2)-based exclusive locks on a file, held for as long as the descriptor is open.</summary>
public static class LockFile
{
    /// <summary>
    /// Opens (creating with <paramref name="mode"/>) and locks <paramref name="name"/> in the
    /// directory <paramref name="dirFd"/> without waiting, never following a symlink. Returns the
    /// descriptor that holds the lock, or -1 when someone else holds it.
    /// </summary>
    public static int TryAcquire(int dirFd, string dirPath, string name, int mode)
    {
        // O_APPEND|O_CREAT for write, as runsv opens supervise/lock; the file stays empty.
        var flags = LibC.O_WRONLY | LibC.O_APPEND | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC;
        var fd = LibC.openat(dirFd, name, flags, mode);
        if (fd < 0) throw PosixException.FromLastError($"open {dirPath}/{name}");
        while (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            LibC.close(fd);
            if (errno == LibC.EWOULDBLOCK) return -1;
            throw new PosixException(errno, $"flock {dirPath}/{name}");
        }
        return fd;
    }
}
