using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// Opens, as root, files in places a less privileged user might reach, so that such a user cannot
/// make root write somewhere else (issue 16: a program replaced its log with a symlink to
/// /etc/passwd). The rules, applied only when Tend runs as root (as any other user Tend can write
/// nothing its programs, running as that same user, could not write themselves):
/// <list type="bullet">
/// <item>A path is walked one name at a time, each looked up by descriptor in the directory
/// opened before it, and every directory looked in must be writable by root alone (owned by root,
/// no group or other write bit), or sticky (like /tmp) with the entry owned by root. A symlink is
/// followed only when found in such a directory, so nobody but root chose where it points.</item>
/// <item>The last directory, the one the file is created in, may also belong to the program the
/// file is for, or be sticky; then its file is opened with O_NOFOLLOW and must be a regular file
/// with one link, owned by root or that program's user: no symlink, hard link or FIFO is
/// followed, and what passed the check is the very file written (fstat of the open descriptor).</item>
/// <item>The directory stays open and every later operation (rotation's renames, deletes) is made
/// relative to its descriptor, so it cannot be swapped between the check and the use.</item>
/// </list>
/// </summary>
public static class TrustedPath
{
    private const int MaxSymlinks = 40; // as the kernel's own limit (ELOOP)
    private const int DirectoryMode = 0b111_101_101; // 0755

    private static readonly uint Euid = (uint)LibC.geteuid();

    /// <summary>True when Tend runs as root, and so checks what it opens.</summary>
    public static bool Guarding { get; } = Euid == 0;

    /// <summary>Owned by root (or Tend's own user) and writable by nobody else.</summary>
    public static bool RootOnly(FileFacts f) => (f.Uid == 0 || f.Uid == Euid) && !f.SharedWrite;

    /// <summary>
    /// Opens directory <paramref name="path"/> (O_PATH), creating what is missing (0755, the umask
    /// applies) when <paramref name="create"/>. Throws <see cref="UnsafePathException"/> when a
    /// directory on the way can be changed by others than root, <see cref="PosixException"/> on errors.
    /// </summary>
    public static int OpenDirectory(string path, bool create)
    {
        var full = Path.GetFullPath(path);
        if (!Guarding)
        {
            if (create) Directory.CreateDirectory(full);
            return Check(LibC.open(full, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0), $"open {full}");
        }
        var pending = new Stack<string>();
        Push(pending, full);
        var fd = Check(LibC.open("/", LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0), "open /");
        var where = "/";
        var links = 0;
        try
        {
            while (pending.TryPop(out var name))
            {
                if (name is "" or ".") continue;
                var directory = FileFacts.Of(fd);
                if (!RootOnly(directory) && !directory.IsSticky) throw Writable(where, directory);
                var entry = FileFacts.OfEntry(fd, name);
                if (entry is null && create && name != "..")
                {
                    if (LibC.mkdirat(fd, name, DirectoryMode) != 0 && Marshal.GetLastPInvokeError() != LibC.EEXIST)
                        throw PosixException.FromLastError($"mkdir {Join(where, name)}");
                    entry = FileFacts.OfEntry(fd, name);
                }
                if (entry is not { } e) throw new PosixException(LibC.ENOENT, $"open {Join(where, name)}");
                if (!RootOnly(directory) && e.Uid != 0 && e.Uid != Euid)
                    throw new UnsafePathException($"{Join(where, name)} belongs to uid {e.Uid} and sits in {where}, which anyone may write: Tend, running as root, does not go through it");
                if (e.IsSymlink)
                {
                    if (++links > MaxSymlinks) throw new PosixException(LibC.ELOOP, $"open {full}");
                    var target = ReadLink(fd, name, Join(where, name));
                    Push(pending, target);
                    if (target.StartsWith('/'))
                    {
                        LibC.close(fd);
                        fd = -1;
                        fd = Check(LibC.open("/", LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0), "open /");
                        where = "/";
                    }
                    continue;
                }
                var next = Check(LibC.openat(fd, name, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0), $"open {Join(where, name)}");
                // Looked up and opened in two steps: the directory is root's (or sticky with the entry
                // root's, which others cannot rename there), so nobody swapped it in between; checked anyway.
                var opened = FileFacts.Of(next);
                LibC.close(fd);
                fd = next;
                if (!RootOnly(directory) && opened.Uid != 0 && opened.Uid != Euid)
                    throw new UnsafePathException($"{Join(where, name)} belongs to uid {opened.Uid} and sits in {where}, which anyone may write: Tend, running as root, does not go through it");
                where = name == ".." ? Path.GetDirectoryName(where) ?? "/" : Join(where, name);
            }
            return fd;
        }
        catch
        {
            if (fd >= 0) LibC.close(fd);
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="name"/> in the directory <paramref name="dirFd"/> (opened by
    /// <see cref="OpenDirectory"/>, <paramref name="dirPath"/> for messages) with
    /// <paramref name="flags"/> (never give O_TRUNC: truncate the checked descriptor instead), for a
    /// program running as <paramref name="programUid"/> (null: root's own). Non-blocking, so a FIFO
    /// can never hold the caller, and never a controlling terminal. See the class comment for what is refused.
    /// </summary>
    public static int OpenFile(int dirFd, string dirPath, string name, int flags, int mode, uint? programUid)
    {
        var path = Join(dirPath, name);
        // O_NOCTTY: a terminal named as a log must never become PID 1's controlling terminal.
        flags |= LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_NOCTTY;
        if (!Guarding) return Check(LibC.openat(dirFd, name, flags, mode), $"open {path}");
        var directory = FileFacts.Of(dirFd);
        var rootOnly = RootOnly(directory);
        bool Trusted(uint uid) => uid == 0 || uid == Euid || uid == programUid;
        if (!rootOnly && !(Trusted(directory.Uid) && !directory.SharedWrite) && !directory.IsSticky)
            throw Writable(dirPath, directory);
        // In a directory only root can write, a symlink is root's choice and is followed as before.
        var fd = LibC.openat(dirFd, name, rootOnly ? flags : flags | LibC.O_NOFOLLOW, mode);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ELOOP && !rootOnly)
                throw new UnsafePathException($"{path} is a symbolic link in a directory others than root can write ({dirPath}, owner uid {directory.Uid}, mode {directory.Permissions}): Tend, running as root, does not follow it");
            throw new PosixException(errno, $"open {path}");
        }
        if (rootOnly) return fd;
        var file = FileFacts.Of(fd);
        string? why = !file.IsRegular ? "is not a regular file"
            : file.Links != 1 ? $"has {file.Links} hard links"
            : !Trusted(file.Uid) ? $"belongs to uid {file.Uid}, neither root nor the program's user"
            : null;
        if (why is null) return fd;
        LibC.close(fd);
        throw new UnsafePathException($"{path} {why}, in a directory others than root can write ({dirPath}, owner uid {directory.Uid}, mode {directory.Permissions}): Tend, running as root, does not write it");
    }

    /// <summary>
    /// Opens directory <paramref name="path"/> as it is (symlinks followed, once, now) for use by
    /// descriptor, and, when Tend runs as root, refuses it unless it belongs to root and nobody
    /// else may write it: for files root keeps in a place of its own (runit's supervise/, which is
    /// often a symlink to /run/runit/supervise.NAME). Throws <see cref="UnsafePathException"/> or
    /// <see cref="PosixException"/>.
    /// </summary>
    public static int OpenRootDirectory(string path)
    {
        var fd = Check(LibC.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0), $"open {path}");
        if (!Guarding) return fd;
        var facts = FileFacts.Of(fd);
        if (facts.Uid == 0 && !facts.SharedWrite) return fd;
        LibC.close(fd);
        throw new UnsafePathException(facts.Uid != 0
            ? $"{path} belongs to uid {facts.Uid}, not root (mode {facts.Permissions}): it is writable by others than root, and Tend, running as root, does not write its files there"
            : $"{path} is writable by others than root (mode {facts.Permissions}): Tend, running as root, does not write its files there");
    }

    /// <summary>
    /// What <see cref="OpenDirectory"/> and <see cref="OpenFile"/> would refuse for a file at
    /// <paramref name="path"/> written for <paramref name="programUid"/>, without creating anything:
    /// null when nothing is wrong (or the directory does not exist yet), else why. For `tend check`.
    /// </summary>
    public static string? Refusal(string path, uint? programUid)
    {
        if (!Guarding) return null;
        var full = Path.GetFullPath(path);
        int dirFd;
        try { dirFd = OpenDirectory(Path.GetDirectoryName(full) ?? "/", create: false); }
        catch (UnsafePathException e) { return e.Message; }
        catch (PosixException) { return null; }
        try
        {
            if (FileFacts.OfEntry(dirFd, Path.GetFileName(full)) is null)
            {
                var directory = FileFacts.Of(dirFd);
                var trusted = RootOnly(directory) || directory.Uid == programUid && !directory.SharedWrite || directory.IsSticky;
                return trusted ? null : Writable(Path.GetDirectoryName(full)!, directory).Message;
            }
            var fd = OpenFile(dirFd, Path.GetDirectoryName(full)!, Path.GetFileName(full), LibC.O_WRONLY | LibC.O_APPEND, 0, programUid);
            LibC.close(fd);
            return null;
        }
        catch (UnsafePathException e) { return e.Message; }
        catch (PosixException) { return null; }
        finally { LibC.close(dirFd); }
    }

    private static UnsafePathException Writable(string path, FileFacts directory) =>
        new($"{path} can be written by others than root (owner uid {directory.Uid}, mode {directory.Permissions}): Tend, running as root, does not write there");

    private static unsafe string ReadLink(int dirFd, string name, string path)
    {
        var buffer = stackalloc byte[4096];
        var n = LibC.readlinkat(dirFd, name, buffer, 4096);
        if (n < 0) throw PosixException.FromLastError($"readlink {path}");
        return Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Pushes a path's names so that the first is popped first.</summary>
    private static void Push(Stack<string> pending, string path)
    {
        var names = path.Split('/');
        for (var i = names.Length - 1; i >= 0; i--) pending.Push(names[i]);
    }

    private static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;

    private static int Check(int fd, string call) => fd >= 0 ? fd : throw PosixException.FromLastError(call);
}
