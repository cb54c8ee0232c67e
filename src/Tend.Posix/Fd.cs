using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>Small descriptor operations. Every descriptor Tend opens is close-on-exec.</summary>
public static unsafe class Fd
{
    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0) throw PosixException.FromLastError("pipe2");
        return (fds[0], fds[1]);
    }

    public static void Close(int fd)
    {
        if (fd >= 0) LibC.close(fd);
    }

    public static void SetNonBlocking(int fd)
    {
        var flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        if (flags >= 0 && (flags & LibC.O_NONBLOCK) == 0) LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
    }


    /// <summary>
    /// Marks every descriptor from <paramref name="first"/> up close-on-exec, so descriptors Tend
    /// inherited from whoever started it never leak into the programs it starts. One call on Linux
    /// 5.11 and later; before that the list in /proc/self/fd; and where /proc is not mounted (a bare
    /// chroot, a sandbox that mounts none) every number below the open-files limit, so that a
    /// missing /proc costs a moment at start instead of Tend itself.
    /// </summary>
    public static void MarkInheritedCloseOnExec(int first = 3)
    {
        if (LibC.close_range((uint)first, uint.MaxValue, (int)LibC.CLOSE_RANGE_CLOEXEC) == 0) return;
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
                if (int.TryParse(Path.GetFileName(entry), out var fd) && fd >= first)
                    LibC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No /proc: fall through to every possible number.
        }
        var limit = Math.Clamp(LibC.sysconf(LibC._SC_OPEN_MAX), first, 1L << 20);
        for (var fd = first; fd < limit; fd++) LibC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
    }

    /// <summary>Sets a pipe's capacity (F_SETPIPE_SZ); the capacity it has afterwards, or -1 when the kernel refused.</summary>
    public static int SetPipeSize(int fd, int bytes) => LibC.fcntl(fd, LibC.F_SETPIPE_SZ, bytes);

    /// <summary>A pipe's capacity in bytes (F_GETPIPE_SZ), or -1 when <paramref name="fd"/> is not a pipe.</summary>
    public static int PipeSize(int fd) => LibC.fcntl(fd, LibC.F_GETPIPE_SZ, 0);

    public static bool IsTerminal(int fd) => LibC.isatty(fd) == 1;

    /// <summary>read(2) with EINTR retried: bytes read, 0 at EOF, -1 with errno EAGAIN when empty.</summary>
    public static int Read(int fd, Span<byte> buffer, out int errno)
    {
        errno = 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = LibC.read(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR) return -1;
            }
        }
    }

    /// <summary>
    /// Writes everything, waiting when the descriptor is non-blocking and full. Returns false when
    /// the reader is gone (EPIPE) or the descriptor is unusable; the caller then drops the output.
    /// </summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var p = start;
            var left = data.Length;
            while (left > 0)
            {
                var n = LibC.write(fd, p, left);
                if (n > 0) { p += n; left -= (int)n; continue; }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR) continue;
                if (errno == LibC.EAGAIN) { WaitWritable(fd); continue; }
                return false;
            }
        }
        return true;
    }

    internal static void WaitWritable(int fd)
    {
        // struct pollfd { int fd; short events; short revents; }, POLLOUT = 4.
        var pfd = stackalloc int[2];
        pfd[0] = fd;
        pfd[1] = 4;
        LibC.poll(pfd, 1, -1);
    }

    /// <summary>ftruncate(2) of an open file: emptying the descriptor that was checked, never a path.</summary>
    public static void Truncate(int fd, long length = 0)
    {
        if (LibC.ftruncate(fd, length) != 0) throw PosixException.FromLastError("ftruncate");
    }
}
