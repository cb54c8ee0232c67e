using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>Named pipes: create, check and open them without ever blocking.</summary>
public static unsafe class Fifo
{
    /// <summary>
    /// mkfifo(3) with <paramref name="mode"/> (the umask applies, as for runsv). An existing
    /// node is left alone and reported as false: the caller checks it really is a FIFO.
    /// </summary>
    public static bool Make(string path, int mode)
    {
        if (LibC.mkfifo(path, mode) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.EEXIST) return false;
        throw new PosixException(errno, $"mkfifo {path}");
    }

    /// <summary>True when <paramref name="path"/> exists and is a FIFO (symlinks followed).</summary>
    public static bool IsFifo(string path)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        if (LibC.statx(LibC.AT_FDCWD, path, 0, LibC.STATX_TYPE, buffer) != 0) return false;
        var mode = *(ushort*)(buffer + LibC.StatxModeOffset);
        return (mode & LibC.S_IFMT) == LibC.S_IFIFO;
    }

    /// <summary>
    /// Opens a FIFO for reading and holds a write end on it too (O_RDWR, blocking): the open does not
    /// wait for a writer and reads wait for data instead of seeing end-of-file when a writer goes, as
    /// a logger that outlives the service writing into the FIFO needs.
    /// </summary>
    public static int OpenHoldingReader(string path)
    {
        var fd = LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0) throw new PosixException(Marshal.GetLastPInvokeError(), $"open {path}");
        return fd;
    }

    /// <summary>
    /// Opens the read end without waiting for a writer (O_NONBLOCK makes a FIFO read-open
    /// return at once). Reads then return EAGAIN when empty.
    /// </summary>
    public static int OpenReader(string path) => Open(path, LibC.O_RDONLY);

    /// <summary>
    /// Opens a write end. With O_NONBLOCK this fails with ENXIO when nobody holds the read end,
    /// which is exactly how runit's sv tells "supervisor alive" from "not running".
    /// </summary>
    public static int OpenWriter(string path) => Open(path, LibC.O_WRONLY);

    /// <summary>Like <see cref="OpenWriter"/>, but reports the errno instead of throwing.</summary>
    public static int TryOpenWriter(string path, out int errno)
    {
        var fd = LibC.open(path, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// <summary>
    /// Reads what is waiting on a non-blocking descriptor, retrying EINTR: the byte count, or 0
    /// when nothing is waiting (EAGAIN) or at end of file. Other errors throw.
    /// </summary>
    public static int ReadAvailable(int fd, Span<byte> buffer)
    {
        var n = Fd.Read(fd, buffer, out var errno);
        if (n >= 0) return n;
        if (errno == LibC.EAGAIN) return 0;
        throw new PosixException(errno, "read");
    }

    private static int Open(string path, int access)
    {
        var fd = LibC.open(path, access | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0) throw PosixException.FromLastError($"open {path}");
        return fd;
    }

    /// <summary>mkfifoat(3): <see cref="Make(string, int)"/> for <paramref name="name"/> in the directory <paramref name="dirFd"/>.</summary>
    public static bool Make(int dirFd, string dirPath, string name, int mode)
    {
        if (LibC.mkfifoat(dirFd, name, mode) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.EEXIST) return false;
        throw new PosixException(errno, $"mkfifo {dirPath}/{name}");
    }

    /// <summary>
    /// Opens <paramref name="name"/> in <paramref name="dirFd"/> without following a symlink or
    /// waiting for the other end, and checks (on the open descriptor) that it is a FIFO.
    /// </summary>
    public static int Open(int dirFd, string dirPath, string name, bool write)
    {
        var flags = (write ? LibC.O_WRONLY : LibC.O_RDONLY) | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC;
        var fd = LibC.openat(dirFd, name, flags, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ELOOP) throw new IOException($"{dirPath}/{name} exists but is not a fifo (a symbolic link)");
            throw new PosixException(errno, $"open {dirPath}/{name}");
        }
        if (FileFacts.Of(fd).Type == LibC.S_IFIFO) return fd;
        LibC.close(fd);
        throw new IOException($"{dirPath}/{name} exists but is not a fifo");
    }
}
