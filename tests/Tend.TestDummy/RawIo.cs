using System.Text;

namespace Tend.TestDummy;

/// <summary>
/// Unbuffered output straight to file descriptors. Every verb's output is on the fd when the
/// verb returns, so a test that sees "ready" really can act on it, and a process killed in the
/// next verb never loses bytes sitting in a managed buffer.
/// </summary>
internal static unsafe class RawIo
{
    public const int Stdout = 1, Stderr = 2;

    /// <summary>Writes everything, retrying short writes and EINTR (signal handlers may run meanwhile).</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            byte* p = start;
            nint left = data.Length;
            while (left > 0)
            {
                nint n = Native.write(fd, p, left);
                if (n < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Native.EINTR) continue;
                    throw new FailureException($"write to fd {fd} failed: {Native.LastError()}");
                }
                p += n;
                left -= n;
            }
        }
    }

    public static void WriteText(int fd, string text) => WriteAll(fd, Encoding.UTF8.GetBytes(text));

    public static void WriteLine(int fd, string text) => WriteText(fd, text + "\n");

    public static int Open(string path, int flags, int mode = 0x1B6 /* 0666, umask applies */)
    {
        while (true)
        {
            int fd = Native.open(path, flags | Native.O_CLOEXEC, mode);
            if (fd >= 0) return fd;
            // A FIFO open blocks until a reader appears and may be interrupted by a signal.
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Native.EINTR) continue;
            throw new FailureException($"cannot open {path}: {Native.LastError()}");
        }
    }

    /// <summary>Opens, writes <paramref name="data"/> in one write(2) call where possible, closes.</summary>
    public static void WriteFile(string path, int flags, ReadOnlySpan<byte> data)
    {
        int fd = Open(path, flags);
        try { WriteAll(fd, data); }
        finally { Native.close(fd); }
    }
}
