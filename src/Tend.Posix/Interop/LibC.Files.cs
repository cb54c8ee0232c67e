using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800, O_NOCTTY = 0x100;
    public const int F_GETFL = 3, F_SETFL = 4, F_SETFD = 2, FD_CLOEXEC = 1, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    public const int EINTR = 4, EAGAIN = 11, ECHILD = 10, ESRCH = 3, ENOENT = 2, EACCES = 13, EPIPE = 32, EPERM = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    /// <summary>struct iovec: base pointer and length.</summary>
    public struct IoVec { public byte* Base; public nuint Length; }

    public const int IOV_MAX = 1024;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint writev(int fd, IoVec* iov, int count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int isatty(int fd);

    /// <summary>close_range(2) flag: mark the range close-on-exec instead of closing it (Linux 5.11).</summary>
    public const uint CLOSE_RANGE_CLOEXEC = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close_range(uint first, uint last, int flags);

    public const int _SC_OPEN_MAX = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial long sysconf(int name);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int access(byte* path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(void* fds, nuint count, int timeout);

    [LibraryImport("libc")]
    public static partial int umask(int mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int chdir(byte* path);

    [LibraryImport("libc")]
    public static partial nint strerror(int errnum);
}
