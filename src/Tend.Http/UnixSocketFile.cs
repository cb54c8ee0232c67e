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
        var directory = Prepare(path);

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
        if (Restrict(path, mode, owner) is { } failure)
        {
            socket.Dispose();
            throw failure;
        }
        return socket;
    }

    /// <summary>
    /// The same as a bare descriptor, made without System.Net.Sockets (whose first Socket starts the
    /// runtime's socket engine thread for good): the control socket of an idle Tend costs no thread.
    /// </summary>
    public static int BindDescriptor(string path, UnixFileMode mode = OwnerOnly, string? owner = null)
    {
        EndPoint(path); // the same check of the length, and message
        var directory = Prepare(path);
        int fd;
        try
        {
            fd = Posix.Sockets.UnixStreamListener.Bind(path);
        }
        catch (Posix.PosixException e)
        {
            var why = Posix.Sockets.UnixStreamListener.IsReadOnlyFileSystem(e.Errno) && directory is { Length: > 0 } && Posix.Files.PrivateDirectory.WhyNotWritable(directory) is { } reason
                ? reason : Posix.PosixException.Describe(e.Errno);
            throw new IOException($"cannot listen on {path}: {why}", e);
        }
        if (Restrict(path, mode, owner) is { } failure)
        {
            Posix.Fd.Close(fd);
            throw failure;
        }
        return fd;
    }

    /// <summary>Makes the parent directory and removes a stale socket file; returns the directory.</summary>
    private static string? Prepare(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix sockets are served on Unix only");
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
        return directory;
    }

    /// <summary>Narrows the new socket file's mode (and owner); the error to throw, or null.</summary>
    private static IOException? Restrict(string path, UnixFileMode mode, string? owner)
    {
        try
        {
            // On the node bind made, never through a symlink someone put in its place (SocketNode).
            if (Posix.Files.SocketNode.Restrict(path, (int)mode, owner) is { } why) throw new IOException(why);
            return null;
        }
        catch (Exception e)
        {
            TryDelete(path);
            return new IOException($"cannot listen on {path}: chmod: {Reason(e)}", e);
        }
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

        // Probed with a plain descriptor: a .NET Socket here would start the runtime's socket engine thread.
        bool live;
        try
        {
            live = Posix.Sockets.UnixStreamListener.IsLive(path);
        }
        catch (Posix.PosixException e)
        {
            throw new IOException($"cannot listen on {path}: {Posix.PosixException.Describe(e.Errno)}", e);
        }
        if (!live)
        {
            File.Delete(path);
            return;
        }
        throw new IOException($"cannot listen on {path}: another process is listening on it (is tend already running?)");
    }

    private static string Reason(Exception e) => Model.ErrorText.Of(e);
}
