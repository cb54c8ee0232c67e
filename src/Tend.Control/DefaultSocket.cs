using Tend.Control.Client;
using Tend.Posix.Files;

namespace Tend.Control;

/// <summary>
/// Where the control socket is when neither --socket nor `socket:` names it, the same answer for
/// the server (`tend run`) and its clients (`tend ctl`, `tend health`, the image's HEALTHCHECK), so
/// that no user needs a flag: $TEND_SOCKET; else /run/tend.sock when /run is writable (root, as
/// before; or when there is no /run and / is writable); else $XDG_RUNTIME_DIR/tend.sock; else /tmp/tend-UID/tend.sock, in a directory private to
/// that uid (a non-root container, a read-only root filesystem with only /tmp writable). A client
/// runs the same choice as the same user; when nothing listens there it takes the first of the
/// other places that has a socket, so a client of another user finds a root Tend's /run/tend.sock
/// (and is told "permission denied", which is true, instead of "is tend running?").
/// </summary>
public static class DefaultSocket
{
    public const string Variable = "TEND_SOCKET";
    public const string RunPath = "/run/tend.sock";
    private const string FileName = "tend.sock";

    /// <summary>What the choice depends on, so the rules can be tested without a machine.</summary>
    internal interface IHost
    {
        string? Variable(string name);
        uint Uid { get; }
        bool IsWritableDirectory(string path);

        /// <summary>Anything at that path (a socket, a directory).</summary>
        bool Exists(string path);
    }

    /// <summary>
    /// The server's socket path, with its private directory created (0700) when it is the /tmp one;
    /// <paramref name="why"/> says why it is not /run/tend.sock (null when it is, or when $TEND_SOCKET
    /// named it). Throws <see cref="IOException"/> with the reason when that directory exists and is
    /// not ours alone.
    /// </summary>
    public static string ForServer(out string? why)
    {
        var host = RealHost.Instance;
        var path = Choose(host);
        why = path == RunPath || host.Variable(Variable) is { Length: > 0 } ? null : "/run is not writable by uid " + host.Uid;
        if (PrivateDirectoryOf(path, host.Uid) is { } dir && PrivateDirectory.Ensure(dir) is { } refused)
            throw new IOException($"{refused}; remove it, or give the socket a path with --socket or {Variable}");
        return path;
    }

    /// <summary>
    /// The path a client connects to. Throws <see cref="ControlClientException"/> when it is in a /tmp
    /// directory that another user could have made, rather than talk to whoever listens there.
    /// </summary>
    public static string ForClient()
    {
        var path = Find(RealHost.Instance);
        if (PrivateDirectoryOf(path, RealHost.Instance.Uid) is { } dir && Directory.Exists(dir) && PrivateDirectory.Check(dir) is { } why)
            throw new ControlClientException($"not connecting to {path}: {why}");
        return path;
    }

    /// <summary>The server's rule: the first usable place.</summary>
    internal static string Choose(IHost host)
    {
        if (host.Variable(Variable) is { Length: > 0 } given) return given;
        if (RunIsUsable(host)) return RunPath;
        if (RuntimeDir(host) is { } runtime && host.IsWritableDirectory(runtime)) return Path.Combine(runtime, FileName);
        return TmpPath(host.Uid);
    }

    /// <summary>The client's rule: where the same user's server would be; else wherever a socket already is.</summary>
    internal static string Find(IHost host)
    {
        var chosen = Choose(host);
        if (host.Variable(Variable) is { Length: > 0 } || host.Exists(chosen)) return chosen;
        var others = new List<string> { RunPath };
        if (RuntimeDir(host) is { } runtime) others.Add(Path.Combine(runtime, FileName));
        others.Add(TmpPath(host.Uid));
        return others.FirstOrDefault(host.Exists) ?? chosen;
    }

    /// <summary>
    /// /run is writable, or absent from a root filesystem that is writable (an image without /run, where
    /// Tend as root has always created it).
    /// </summary>
    private static bool RunIsUsable(IHost host) =>
        host.IsWritableDirectory("/run") || (!host.Exists("/run") && host.IsWritableDirectory("/"));

    /// <summary>/tmp/tend-UID for the socket /tmp/tend-UID/tend.sock, else null.</summary>
    internal static string? PrivateDirectoryOf(string path, uint uid) =>
        path == TmpPath(uid) ? Path.GetDirectoryName(path) : null;

    private static string TmpPath(uint uid) => $"/tmp/tend-{uid}/{FileName}";

    /// <summary>$XDG_RUNTIME_DIR when it is an absolute path short enough for a socket in it (sun_path holds 107 bytes).</summary>
    private static string? RuntimeDir(IHost host) =>
        host.Variable("XDG_RUNTIME_DIR") is { Length: > 1 } dir && dir[0] == '/'
            && System.Text.Encoding.UTF8.GetByteCount(dir) + 1 + FileName.Length <= 107 ? dir : null;

    private sealed class RealHost : IHost
    {
        public static readonly RealHost Instance = new();
        public string? Variable(string name) => Environment.GetEnvironmentVariable(name);
        public uint Uid => PrivateDirectory.EffectiveUid;
        public bool IsWritableDirectory(string path) => PrivateDirectory.IsWritableDirectory(path);
        public bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
    }
}
