using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// A directory opened once through <see cref="TrustedPath"/> and then used only by descriptor:
/// the files Tend opens, renames and deletes in it are names in this very directory, whatever
/// happens to its path afterwards.
/// </summary>
public sealed class TrustedDirectory : IDisposable
{
    private int _fd;

    /// <summary>The path it was opened by, for messages.</summary>
    public string Path { get; }

    private TrustedDirectory(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    /// <summary>Opens (creating what is missing when <paramref name="create"/>); throws as <see cref="TrustedPath.OpenDirectory"/>.</summary>
    public static TrustedDirectory Open(string path, bool create) => new(path, TrustedPath.OpenDirectory(path, create));

    /// <summary>
    /// Opens <paramref name="name"/> for appending, creating it with <paramref name="mode"/>, for a
    /// program running as <paramref name="programUid"/>: see <see cref="TrustedPath.OpenFile"/>.
    /// </summary>
    public int OpenForAppend(string name, int mode, uint? programUid) =>
        TrustedPath.OpenFile(_fd, Path, name, LibC.O_WRONLY | LibC.O_APPEND | LibC.O_CREAT, mode, programUid);

    /// <summary>
    /// Opens <paramref name="name"/> for reading, as written for a program running as
    /// <paramref name="programUid"/>: the same rules as for writing (see <see cref="TrustedPath.OpenFile"/>),
    /// so that reading a log back as root never follows a link its program planted.
    /// </summary>
    public int OpenForReading(string name, uint? programUid) =>
        TrustedPath.OpenFile(_fd, Path, name, LibC.O_RDONLY, 0, programUid);

    /// <summary>renameat within this directory (a symlink is renamed, never followed); false when <paramref name="from"/> does not exist.</summary>
    public bool Rename(string from, string to)
    {
        if (LibC.renameat(_fd, from, _fd, to) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.ENOENT) return false;
        throw new PosixException(errno, $"rename {Path}/{from}");
    }

    /// <summary>unlinkat (a symlink is removed, never followed); a missing file is not an error.</summary>
    public void Delete(string name)
    {
        if (LibC.unlinkat(_fd, name, 0) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno != LibC.ENOENT) throw new PosixException(errno, $"unlink {Path}/{name}");
    }

    public void Dispose()
    {
        Fd.Close(_fd);
        _fd = -1;
    }
}
