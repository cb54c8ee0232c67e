using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// A bound, non-blocking AF_UNIX datagram socket: the receiving end of systemd's sd_notify
/// protocol (NOTIFY_SOCKET). Datagrams keep message boundaries, so one receive is one message.
/// Close-on-exec like everything Tend opens; the socket file is removed on dispose.
/// </summary>
public sealed unsafe class DatagramSocket : IDisposable
{
    public int Fd { get; private set; }
    public string Path { get; }

    private DatagramSocket(int fd, string path)
    {
        Fd = fd;
        Path = path;
    }

    /// <summary>Binds a new socket at <paramref name="path"/> (a stale file there is replaced).</summary>
    public static DatagramSocket Bind(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= LibC.SockaddrUnSize - 2) throw new PosixException(36 /* ENAMETOOLONG */, $"bind {path}");
        File.Delete(path);
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) throw PosixException.FromLastError("socket(AF_UNIX, SOCK_DGRAM)");
        var address = stackalloc byte[LibC.SockaddrUnSize];
        new Span<byte>(address, LibC.SockaddrUnSize).Clear();
        *(ushort*)address = LibC.AF_UNIX;
        bytes.CopyTo(new Span<byte>(address + 2, bytes.Length));
        if (LibC.bind(fd, address, 2 + bytes.Length + 1) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LibC.close(fd);
            throw new PosixException(errno, $"bind {path}");
        }
        return new DatagramSocket(fd, path);
    }

    /// <summary>One waiting datagram as text, or null when none is waiting (never blocks).</summary>
    public string? Receive()
    {
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var n = LibC.recv(Fd, buffer, 4096, 0);
            if (n >= 0) return Encoding.UTF8.GetString(buffer, (int)n);
            if (Marshal.GetLastPInvokeError() != LibC.EINTR) return null;
        }
    }

    public void Dispose()
    {
        if (Fd < 0) return;
        LibC.close(Fd);
        Fd = -1;
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
