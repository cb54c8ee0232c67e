using System.Net.Sockets;

namespace Tend.Http;

/// <summary>
/// Creating the listening socket file safely: parent directory, stale file, and permissions before anyone
/// can connect. The order matters: bind creates the file with the umask's mode, chmod narrows it to 0600,
/// and only listen makes it connectable, so no other user can slip in between.
/// </summary>
internal static class UnixSocketFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Returns a socket bound to <paramref name="path"/> with mode 0600 (or <paramref name="mode"/>), not yet listening.</summary>
    public static Socket Bind(string path, UnixFileMode mode = OwnerOnly, string? owner = null)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix sockets are served on Unix only");
        var endpoint = EndPoint(path);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            try
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot listen on {path}: cannot create {directory}: {Reason(e)}", e);
            }
        }

        RemoveStale(path);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            // .NET has no SocketError for EROFS (a read-only filesystem); the directory can tell.
            var why = e.SocketErrorCode == SocketError.SocketError && directory is { Length: > 0 } && Posix.Files.PrivateDirectory.WhyNotWritable(directory) is { } reason
                ? reason : SocketErrorText.Describe(e.SocketErrorCode, unixSocket: false);
            throw new IOException($"cannot listen on {path}: {why}", e);
        }
        try
        {
            // On the node bind made, never through a symlink someone put in its place (SocketNode).
            if (Posix.Files.SocketNode.Restrict(path, (int)mode, owner) is { } why) throw new IOException(why);
        }
        catch (Exception e)
        {
            socket.Dispose();
            TryDelete(path);
            throw new IOException($"cannot listen on {path}: chmod: {Reason(e)}", e);
        }
        return socket;
    }

    public static UnixDomainSocketEndPoint EndPoint(string path)
    {
        try
        {
            return new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // sun_path is 108 bytes on Linux, terminating NUL included.
            // No parameter name: its suffix is a resource key in the published binary (UseSystemResourceKeys).
            throw new ArgumentException($"socket path too long (at most 107 bytes): {path}", e);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A socket file left by a Tend that died is removed; a live one is not stolen. Connecting tells the two
    /// apart: refused means nobody listens. A regular file with content is not ours to delete (a socket's
    /// size is always 0); telling an empty file from a socket would need lstat, and losing it costs nothing.
    /// </summary>
    private static void RemoveStale(string path)
    {
        if (Directory.Exists(path)) throw new IOException($"cannot listen on {path}: is a directory");
        if (!File.Exists(path)) return;
        if (new FileInfo(path).Length != 0) throw new IOException($"cannot listen on {path}: the file exists and is not a socket");

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.SendTimeout = 1000; // a live server with a full backlog would block connect() forever
        try
        {
            probe.Connect(EndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return; // gone in the meantime
        }
        catch (SocketException e) when (e.SocketErrorCode != SocketError.TimedOut && e.SocketErrorCode != SocketError.WouldBlock)
        {
            throw new IOException($"cannot listen on {path}: {SocketErrorText.Describe(e.SocketErrorCode, unixSocket: true)}", e);
        }
        throw new IOException($"cannot listen on {path}: another process is listening on it (is tend already running?)");
    }

    private static string Reason(Exception e) => Model.ErrorText.Of(e);
}
