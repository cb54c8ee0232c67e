using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// Blocking I/O on a connected stream socket held as a plain descriptor, for the control socket's
/// connections. A .NET Socket is not used there because constructing its SafeSocketHandle runs the
/// runtime's SocketAsyncEngine static constructor, which starts the socket engine's thread for the
/// rest of the process, although every operation Tend makes is blocking: one thread more for an idle
/// Tend after its first `tend ctl`. Each call returns -errno on failure.
/// </summary>
public static unsafe partial class StreamDescriptor
{
    private const short POLLIN = 1;
    private const int SHUT_WR = 1, SHUT_RDWR = 2, FIONREAD = 0x541B, SO_SNDTIMEO = 21, SO_PEERCRED = 17, MSG_NOSIGNAL = 0x4000;

    /// <summary>Bytes read (0: end of input), or -errno (EAGAIN: SO_RCVTIMEO ran out).</summary>
    public static int Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
            while (true)
            {
                var n = LibC.recv(fd, b, buffer.Length, 0);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR) return -errno;
            }
    }

    /// <summary>Bytes sent (some), or -errno; never raises SIGPIPE.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* b = data)
            while (true)
            {
                var n = send(fd, b, data.Length, MSG_NOSIGNAL);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR) return -errno;
            }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for something to read (data, end of input, an error).</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        var pfd = stackalloc int[2];
        while (true)
        {
            pfd[0] = fd;
            pfd[1] = POLLIN; // events (short), revents (short) = 0
            var n = LibC.poll(pfd, 1, (int)Math.Max(0, deadline - Environment.TickCount64));
            if (n > 0) return true;
            if (n == 0) return false;
            if (Marshal.GetLastPInvokeError() != LibC.EINTR) return true; // the read reports the error
        }
    }

    /// <summary>Bytes waiting to be read, or -1.</summary>
    public static int Available(int fd)
    {
        int count;
        return ioctl(fd, FIONREAD, &count) == 0 ? count : -1;
    }

    public static void ShutdownSend(int fd) => shutdown(fd, SHUT_WR);

    public static void ShutdownBoth(int fd) => shutdown(fd, SHUT_RDWR);

    /// <summary>Bounds each blocking send by the kernel (SO_SNDTIMEO): a reader that stops cannot hold a thread forever.</summary>
    public static void SetSendTimeout(int fd, TimeSpan timeout)
    {
        var tv = stackalloc long[2];
        var ms = (long)timeout.TotalMilliseconds;
        tv[0] = ms / 1000;
        tv[1] = ms % 1000 * 1000;
        LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_SNDTIMEO, tv, 16);
    }

    /// <summary>The peer's (pid, uid, gid) from SO_PEERCRED, or null.</summary>
    public static (int Pid, uint Uid, uint Gid)? PeerCredentials(int fd)
    {
        var ucred = stackalloc int[3];
        var length = 12;
        if (getsockopt(fd, LibC.SOL_SOCKET, SO_PEERCRED, ucred, &length) != 0 || length < 12) return null;
        return (ucred[0], (uint)ucred[1], (uint)ucred[2]);
    }

    public static void Close(int fd) => LibC.close(fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int fd, int how);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, int* value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, void* value, int* length);
}
