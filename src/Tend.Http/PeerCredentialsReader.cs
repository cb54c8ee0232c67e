using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tend.Http;

/// <summary>
/// SO_PEERCRED: the kernel's word on who connected to a Unix socket, fixed at connect() time and not
/// forgeable by the client. Read through Socket.GetRawSocketOption, so no P/Invoke is needed.
/// </summary>
internal static class PeerCredentialsReader
{
    // Linux values (asm-generic/socket.h); other kernels use other numbers and another struct.
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials? Read(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.Unix) return null;
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }, in native byte order.
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < 12) return null;
        }
        catch (SocketException)
        {
            return null;
        }
        return new PeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }
}
