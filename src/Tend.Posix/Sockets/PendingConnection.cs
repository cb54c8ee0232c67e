using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// Takes a pending connection off a listening socket without ever waiting, for a thread that has
/// other work (the log thread accepts control connections for an idle Tend that has no accept
/// thread). The listener keeps its blocking mode: .NET's own non-blocking mode would bring its socket
/// engine thread along, the very kind of thread this avoids.
/// </summary>
public static unsafe class PendingConnection
{
    private const short POLLIN = 1;

    /// <summary>
    /// The accepted descriptor (blocking, close-on-exec); -1 when none is pending; -2 on an error that
    /// would repeat at once (out of descriptors or memory), with <paramref name="errno"/>.
    /// </summary>
    public static int TryAccept(int listener, out int errno)
    {
        errno = 0;
        var pfd = stackalloc int[2];
        pfd[0] = listener;
        pfd[1] = POLLIN; // events (short), revents (short) = 0
        // A Unix socket's pending connection stays queued even once its client has gone, so a
        // listener that polls readable has one for accept4 to take at once.
        if (LibC.poll(pfd, 1, 0) <= 0 || (((short*)pfd)[3] & POLLIN) == 0) return -1;
        while (true)
        {
            var fd = LibC.accept4(listener, null, null, LibC.SOCK_CLOEXEC);
            if (fd >= 0) return fd;
            errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            if (errno == LibC.EAGAIN || errno == ECONNABORTED) return -1;
            return -2;
        }
    }

    private const int ECONNABORTED = 103;
}
