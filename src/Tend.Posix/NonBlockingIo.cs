using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Single writes and reads on non-blocking descriptors for a loop that must never wait on a peer
/// (event listeners: a listener that stops reading its stdin must not stall supervision).
/// </summary>
public static unsafe class NonBlockingIo
{
    /// <summary>
    /// One write(2), EINTR retried: the bytes written (0 when the pipe is full), or -1 when the
    /// reader is gone (EPIPE) or the descriptor is unusable, with the errno.
    /// </summary>
    public static int Write(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        errno = 0;
        if (data.IsEmpty) return 0;
        fixed (byte* p = data)
        {
            while (true)
            {
                var n = LibC.write(fd, p, data.Length);
                if (n >= 0) return (int)n;
                errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR) continue;
                if (errno == LibC.EAGAIN) { errno = 0; return 0; }
                return -1;
            }
        }
    }

    /// <summary>Whether an errno from <see cref="Fd.Read"/> only means "nothing to read now".</summary>
    public static bool WouldBlock(int errno) => errno == LibC.EAGAIN;
}
