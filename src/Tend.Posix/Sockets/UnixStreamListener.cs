using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// A listening Unix stream socket made with plain system calls. In .NET 10 the first
/// System.Net.Sockets.Socket a process creates starts the runtime's socket engine thread, which then
/// stays for good; the control socket of an idle Tend is made here so that it costs no thread until
/// someone connects (connections are served with Socket objects as before).
/// </summary>
public static unsafe class UnixStreamListener
{
    private const int SOCK_STREAM = 1, ECONNREFUSED = 111, EINPROGRESS = 115, EROFS = 30;

    /// <summary>Errno of a bind on a read-only file system (callers explain it from the directory).</summary>
    public static bool IsReadOnlyFileSystem(int errno) => errno == EROFS;

    /// <summary>A new socket bound at <paramref name="path"/> (close-on-exec, blocking), not yet listening.</summary>
    public static int Bind(string path)
    {
        var fd = LibC.socket(LibC.AF_UNIX, SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) throw PosixException.FromLastError("socket(AF_UNIX, SOCK_STREAM)");
        if (Call(fd, path, bind: true) is { } errno)
        {
            LibC.close(fd);
            throw new PosixException(errno, $"bind {path}");
        }
        return fd;
    }

    public static void Listen(int fd, int backlog)
    {
        if (LibC.listen(fd, backlog) != 0) throw PosixException.FromLastError("listen");
    }

    /// <summary>
    /// Whether something listens at <paramref name="path"/>: a connection refused means nobody does (a
    /// file left by a Tend that died). Never waits: a live server with a full backlog counts as live.
    /// </summary>
    public static bool IsLive(string path)
    {
        var fd = LibC.socket(LibC.AF_UNIX, SOCK_STREAM | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0);
        if (fd < 0) throw PosixException.FromLastError("socket(AF_UNIX, SOCK_STREAM)");
        try
        {
            var errno = Call(fd, path, bind: false);
            return errno is null or LibC.EAGAIN or EINPROGRESS || (errno != ECONNREFUSED && errno != LibC.ENOENT
                ? throw new PosixException(errno.Value, $"connect {path}") : false);
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>bind or connect to a sockaddr_un for <paramref name="path"/>; the errno, or null on success.</summary>
    private static int? Call(int fd, string path, bool bind)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= LibC.SockaddrUnSize - 2) return 36; // ENAMETOOLONG
        var address = stackalloc byte[LibC.SockaddrUnSize];
        new Span<byte>(address, LibC.SockaddrUnSize).Clear();
        *(ushort*)address = LibC.AF_UNIX;
        bytes.CopyTo(new Span<byte>(address + 2, bytes.Length));
        while (true)
        {
            var r = bind ? LibC.bind(fd, address, 2 + bytes.Length + 1) : LibC.connect(fd, address, 2 + bytes.Length + 1);
            if (r == 0) return null;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR) return errno;
        }
    }
}
