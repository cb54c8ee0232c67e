using System.Text;
using Tend.Posix;
using Tend.Posix.Files;
using Tend.Runit.Control;
using Tend.Runit.Status;

namespace Tend.Runit.Supervise;

/// <summary>
/// One service's <c>supervise/</c> directory, set up and kept as runsv does, so the real sv
/// can read and command it:
/// <list type="bullet">
/// <item><c>lock</c> (0600), held with flock for our whole life: a second supervisor fails.</item>
/// <item><c>control</c> (FIFO, 0600): sv writes command bytes. We hold a read end (for the
/// caller's epoll set) and our own write end, so the read end never reports EOF or a hang-up
/// between two sv runs; a level-triggered epoll would otherwise spin.</item>
/// <item><c>status</c>, <c>stat</c>, <c>pid</c> (0644): replaced atomically on each publish.</item>
/// <item><c>ok</c> (FIFO, 0600), created and opened for reading last: sv opens it write-only
/// and non-blocking, which succeeds only while a reader exists. Holding the read end (as runsv
/// does; read-write would serve too) is what tells sv the service is supervised, and the
/// status file exists before that moment, so sv never finds a supervised service without one.</item>
/// </list>
/// Nothing is deleted on <see cref="Dispose"/>: like runsv, we leave the files, and sv then
/// reports "runsv not running".
///
/// Unlike runsv, whoever can write the directory cannot make Tend (root) write another file
/// (issue 16): supervise/ is opened once (a symlink, as Debian's /run/runit/supervise.NAME links,
/// is followed then and only then), refused when Tend runs as root unless it belongs to root and
/// nobody else may write it, and every file in it is opened, created and renamed by that
/// directory's descriptor, never following a symlink (X.new is created with O_EXCL).
/// </summary>
public sealed class SuperviseDirectory : IDisposable
{
    private const int PrivateMode = 0b110_000_000; // 0600
    private const int PublicMode = 0b110_100_100;  // 0644
    private int _dirFd = -1, _lockFd = -1, _controlRead = -1, _controlWrite = -1, _okFd = -1;
    private int _publishedPid = -1; // the pid file is rewritten only when the pid changes
    private readonly byte[] _record = new byte[SuperviseStatus.Size];

    /// <summary>The service directory (absolute).</summary>
    public string ServiceDirectory { get; }

    /// <summary><c>ServiceDirectory/supervise</c> (it may be a symlink, as runit allows).</summary>
    public string Path { get; }

    /// <summary>The control FIFO's read end, non-blocking: add it to the loop's epoll set.</summary>
    public int ControlFd => _controlRead;

    /// <summary>True from <see cref="Open"/> until <see cref="Dispose"/>: sv sees the service as supervised.</summary>
    public bool IsAnnounced => _okFd >= 0;

    private SuperviseDirectory(string serviceDirectory)
    {
        ServiceDirectory = System.IO.Path.GetFullPath(serviceDirectory);
        Path = System.IO.Path.Combine(ServiceDirectory, "supervise");
    }

    /// <summary>
    /// Sets up <c>serviceDirectory/supervise/</c>, publishes <paramref name="initial"/> and opens
    /// <c>ok</c>. Throws <see cref="SupervisedElsewhereException"/> when another supervisor holds
    /// the lock, <see cref="PosixException"/> or <see cref="IOException"/> for anything else.
    /// </summary>
    public static SuperviseDirectory Open(string serviceDirectory, SuperviseStatus initial)
    {
        var directory = Prepare(serviceDirectory, initial);
        directory.Announce();
        return directory;
    }

    /// <summary>Everything but <c>ok</c>, in runsv's order: directory, lock, control, status files.</summary>
    internal static SuperviseDirectory Prepare(string serviceDirectory, SuperviseStatus initial)
    {
        var directory = new SuperviseDirectory(serviceDirectory);
        try
        {
            directory.CreateDirectory();
            directory._dirFd = TrustedPath.OpenRootDirectory(directory.Path);
            directory._lockFd = LockFile.TryAcquire(directory._dirFd, directory.Path, "lock", PrivateMode);
            if (directory._lockFd < 0) throw new SupervisedElsewhereException(directory.File("lock"));
            Fifo.Make(directory._dirFd, directory.Path, "control", PrivateMode);
            directory._controlRead = Fifo.Open(directory._dirFd, directory.Path, "control", write: false);
            directory._controlWrite = Fifo.Open(directory._dirFd, directory.Path, "control", write: true);
            directory.Publish(initial);
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Creates and opens <c>ok</c>: from here on sv sees a running supervisor.</summary>
    internal void Announce()
    {
        Fifo.Make(_dirFd, Path, "ok", PrivateMode);
        _okFd = Fifo.Open(_dirFd, Path, "ok", write: false);
    }

    /// <summary>
    /// Writes pid (only when it changed), stat and status, each through <c>X.new</c> and a rename,
    /// in runsv's order. A failure throws; runsv only warns and carries on, and so should the caller.
    /// </summary>
    public void Publish(in SuperviseStatus status)
    {
        if (status.Pid != _publishedPid)
        {
            AtomicFile.Replace(_dirFd, Path, "pid", Encoding.ASCII.GetBytes(StatusText.Pid(status.Pid)), PublicMode);
            _publishedPid = status.Pid;
        }
        AtomicFile.Replace(_dirFd, Path, "stat", Encoding.ASCII.GetBytes(StatusText.Stat(status)), PublicMode);
        status.Encode(_record);
        AtomicFile.Replace(_dirFd, Path, "status", _record, PublicMode);
    }

    /// <summary>
    /// Reads every byte waiting in the control FIFO and appends the commands, in order, to
    /// <paramref name="commands"/>. Unknown bytes are dropped, as runsv ignores them. Returns the
    /// number of commands added; never blocks.
    /// </summary>
    public int DrainCommands(List<ControlCommand> commands)
    {
        Span<byte> buffer = stackalloc byte[64];
        var added = 0;
        while (_controlRead >= 0)
        {
            var n = Fifo.ReadAvailable(_controlRead, buffer);
            if (n == 0) break;
            foreach (var b in buffer[..n])
                if (ControlCommands.TryParse(b, out var command)) { commands.Add(command); added++; }
        }
        return added;
    }

    /// <summary>Closes <c>ok</c> first (sv at once sees "runsv not running"), then control and the lock.</summary>
    public void Dispose()
    {
        Fd.Close(_okFd); _okFd = -1;
        Fd.Close(_controlRead); _controlRead = -1;
        Fd.Close(_controlWrite); _controlWrite = -1;
        Fd.Close(_lockFd); _lockFd = -1;
        Fd.Close(_dirFd); _dirFd = -1;
    }

    private string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// mkdir supervise 0700 (the umask applies). A dangling symlink is honoured as runsv does:
    /// its target is created, relative to the service directory, so supervise/ can live on tmpfs.
    /// </summary>
    private void CreateDirectory()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("runit supervise directories need Linux");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var info = new DirectoryInfo(Path);
        if (info.LinkTarget is { } target)
        {
            var resolved = System.IO.Path.Combine(ServiceDirectory, target);
            if (!Directory.Exists(resolved)) Directory.CreateDirectory(resolved, mode);
            return;
        }
        Directory.CreateDirectory(Path, mode);
    }
}
