using System.Net.Sockets;
using Tend.Posix.Files;

namespace Tend.UnitTests.Posix;

/// <summary>
/// chmod/chown of a socket Tend bound reach that socket only: replaced by a symlink between bind
/// and chmod (by whoever can write its directory), the target keeps its mode and owner. Needs root
/// to chown (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SocketNodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tend-socket-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Bound(string name, out Socket socket)
    {
        var path = Path.Combine(_dir, name);
        socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return path;
    }

    [Fact]
    public void The_bound_socket_gets_its_mode_and_owner()
    {
        var path = Bound("ok.sock", out var socket);
        using var _ = socket;
        Assert.Null(SocketNode.Restrict(path, 0b111_000_000, Environment.UserName));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_symlink_put_in_its_place_is_not_followed()
    {
        var path = Bound("swapped.sock", out var socket);
        using var _ = socket;
        var victim = Path.Combine(_dir, "shadow");
        File.WriteAllText(victim, "secret");
        File.SetUnixFileMode(victim, (UnixFileMode)0b110_000_000);
        File.Delete(path);
        File.CreateSymbolicLink(path, victim);

        Assert.Contains("no longer the socket Tend bound", SocketNode.Restrict(path, 0b111_111_111, "nobody"));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(victim));
    }
}
