using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tend.Model;
using Tend.Posix.Files;
using Tend.Posix.Interop;

namespace Tend.Posix.Sockets;

/// <summary>
/// The listening sockets Tend holds for programs (tend.yaml's <c>sockets:</c>), made with plain
/// system calls: a System.Net Socket would start the runtime's socket engine thread for good, and
/// Tend never accepts on these (the program does). Each is close-on-exec, so only the spawn that
/// hands it over (posix_spawn's dup2 clears the flag on the copy) passes it on; blocking, as systemd
/// passes them; listening with the kernel's largest backlog, which is what queues connections while
/// the program is down.
/// </summary>
public static unsafe class ListeningSocket
{
    private const int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SO_REUSEADDR = 2, SOMAXCONN = 4096;

    /// <summary>The mode of a Unix socket file: anyone may connect, as systemd's SocketMode default (0666).</summary>
    public const int UnixSocketMode = 0b110_110_110;

    /// <summary>A bound, listening socket for <paramref name="spec"/>; a <see cref="PosixException"/> naming the step otherwise.</summary>
    public static int Open(ListenSocketSpec spec) => spec.IsUnix ? OpenUnix(spec.Path!) : OpenTcp(spec);

    private static int OpenTcp(ListenSocketSpec spec)
    {
        var v6 = spec.Host!.AddressFamily == AddressFamily.InterNetworkV6;
        var fd = LibC.socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) throw PosixException.FromLastError("socket");
        try
        {
            // A restarted Tend binds again at once, whatever connections of the last one linger in TIME_WAIT.
            var one = 1;
            LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_REUSEADDR, &one, sizeof(int));
            var address = stackalloc byte[28];
            new Span<byte>(address, 28).Clear();
            *(ushort*)address = (ushort)(v6 ? AF_INET6 : AF_INET);
            address[2] = (byte)(spec.Port >> 8);
            address[3] = (byte)spec.Port;
            var bytes = spec.Host.GetAddressBytes();
            bytes.CopyTo(new Span<byte>(address + (v6 ? 8 : 4), bytes.Length));
            if (LibC.bind(fd, address, v6 ? 28 : 16) != 0) throw PosixException.FromLastError("bind " + spec.Address);
            Listen(fd, spec);
            return fd;
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    private static int OpenUnix(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            try { Directory.CreateDirectory(directory); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PosixException(LibC.EACCES, $"bind unix:{path}: cannot create {directory}");
            }
        }
        RemoveStale(path);
        var fd = UnixStreamListener.Bind(path);
        try
        {
            // Before listen: nobody can connect while the mode is still the umask's.
            if (SocketNode.Restrict(path, UnixSocketMode, owner: null) is { } why) throw new PosixException(LibC.EPERM, $"bind unix:{path}: {why}");
            Listen(fd, path);
            return fd;
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    private static void Listen(int fd, ListenSocketSpec spec) => Listen(fd, spec.Address);

    private static void Listen(int fd, string what)
    {
        if (LibC.listen(fd, SOMAXCONN) != 0) throw PosixException.FromLastError("listen " + what);
    }

    /// <summary>
    /// A socket file nobody listens on any more (left by an earlier run) is removed; a live one, or
    /// anything that is not a socket, is not Tend's to take.
    /// </summary>
    private static void RemoveStale(string path)
    {
        if (FileFacts.OfEntry(LibC.AT_FDCWD, path) is not { } facts) return;
        if (facts.Type != LibC.S_IFSOCK) throw new PosixException(LibC.EEXIST, $"bind unix:{path}: the file exists and is not a socket");
        if (UnixStreamListener.IsLive(path)) throw new PosixException(EADDRINUSE, $"bind unix:{path}: another process listens on it");
        if (LibC.unlinkat(LibC.AT_FDCWD, path, 0) != 0 && Marshal.GetLastPInvokeError() != LibC.ENOENT)
            throw PosixException.FromLastError($"bind unix:{path}: remove the stale socket");
    }

    private const int EADDRINUSE = 98;

    /// <summary>Closes a socket and, for a Unix one, removes its file once nobody listens there (the program may still hold its copy).</summary>
    public static void Close(int fd, ListenSocketSpec spec)
    {
        Fd.Close(fd);
        if (!spec.IsUnix) return;
        try
        {
            if (FileFacts.OfEntry(LibC.AT_FDCWD, spec.Path!) is { } facts && facts.Type == LibC.S_IFSOCK && !UnixStreamListener.IsLive(spec.Path!))
                LibC.unlinkat(LibC.AT_FDCWD, spec.Path!, 0);
        }
        catch (PosixException)
        {
            // Cannot tell: leave the file; the next bind removes it if it is stale.
        }
    }
}
