using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// A bound, non-blocking AF_UNIX datagram socket: the receiving end of systemd's sd_notify
/// protocol (NOTIFY_SOCKET). Datagrams keep message boundaries, so one receive is one message.
/// SO_PASSCRED is on: each message comes with the kernel's word on the pid that sent it
/// (SCM_CREDENTIALS, which a sender cannot forge), so the reader can refuse whoever else reaches
/// the socket. Close-on-exec like everything Tend opens; the socket file is removed on dispose.
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
        var on = 1;
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PASSCRED, &on, sizeof(int)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LibC.close(fd);
            throw new PosixException(errno, "setsockopt SO_PASSCRED");
        }
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

    /// <summary>A message and the pid that sent it, as seen from Tend's pid namespace (0: unknown, e.g. a sender outside it).</summary>
    public readonly record struct Datagram(string Text, int SenderPid);

    /// <summary>One waiting datagram, or null when none is waiting (never blocks).</summary>
    public Datagram? Receive()
    {
        const int size = 4096;
        var buffer = stackalloc byte[size];
        // Room for the credentials alone: descriptors a sender attaches (SCM_RIGHTS) find no room
        // and the kernel closes them instead of installing them in PID 1.
        const int controlSize = LibC.CmsgHeaderSize + 16;
        var control = stackalloc byte[controlSize];
        var iov = new LibC.IoVec { Base = buffer, Length = size };
        while (true)
        {
            new Span<byte>(control, controlSize).Clear();
            var message = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = controlSize };
            var n = LibC.recvmsg(Fd, &message, LibC.MSG_CMSG_CLOEXEC);
            if (n >= 0) return new Datagram(Encoding.UTF8.GetString(buffer, (int)n), SenderPid(&message));
            if (Marshal.GetLastPInvokeError() != LibC.EINTR) return null;
        }
    }

    /// <summary>The pid of SCM_CREDENTIALS (struct ucred: pid, uid, gid); any descriptors passed anyway are closed.</summary>
    private static int SenderPid(LibC.MsgHdr* message)
    {
        var pid = 0;
        var at = (byte*)message->Control;
        var end = at + (long)message->ControlLength;
        while (at + LibC.CmsgHeaderSize <= end)
        {
            var length = (long)*(nuint*)at;
            if (length < LibC.CmsgHeaderSize || at + length > end) break;
            var level = *(int*)(at + 8);
            var type = *(int*)(at + 12);
            var data = at + LibC.CmsgHeaderSize;
            if (level == LibC.SOL_SOCKET && type == LibC.SCM_CREDENTIALS && length >= LibC.CmsgHeaderSize + 12) pid = *(int*)data;
            else if (level == LibC.SOL_SOCKET && type == LibC.SCM_RIGHTS)
                for (var fd = (int*)data; (byte*)(fd + 1) <= at + length; fd++) LibC.close(*fd);
            at += (length + 7) & ~7L;
        }
        return pid;
    }

    public void Dispose()
    {
        if (Fd < 0) return;
        LibC.close(Fd);
        Fd = -1;
        try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
