using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// Replaces a file's content so that a reader sees the old bytes or the new ones, never a
/// mix: write <c>NAME.new</c>, then rename(2) it over <c>NAME</c>. No fsync: the files this
/// serves (runit's supervise/status and friends) describe live state and usually sit on tmpfs;
/// runsv does not sync them either, and a sync per state change would stall the loop.
///
/// Everything happens by the directory's descriptor, and the temporary file is created anew
/// (a stale one unlinked first, then O_CREAT | O_EXCL | O_NOFOLLOW): whatever was planted under
/// NAME.new, a symlink to /etc/passwd included, is removed, never opened (runsv opens it with
/// O_TRUNC and follows it: issue 16).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="name"/> in the directory <paramref name="dirFd"/>
    /// (<paramref name="dirPath"/> names it in errors) with <paramref name="content"/>.
    /// </summary>
    public static void Replace(int dirFd, string dirPath, string name, ReadOnlySpan<byte> content, int mode = 0b110_100_100)
    {
        var temp = name + ".new";
        if (LibC.unlinkat(dirFd, temp, 0) != 0 && Marshal.GetLastPInvokeError() != LibC.ENOENT)
            throw PosixException.FromLastError($"unlink {dirPath}/{temp}");
        var flags = LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC;
        var fd = LibC.openat(dirFd, temp, flags, mode);
        if (fd < 0) throw PosixException.FromLastError($"open {dirPath}/{temp}");
        var written = content.IsEmpty || Fd.WriteAll(fd, content);
        var errno = written ? 0 : Marshal.GetLastPInvokeError();
        LibC.close(fd);
        if (!written)
        {
            LibC.unlinkat(dirFd, temp, 0);
            throw new PosixException(errno, $"write {dirPath}/{temp}");
        }
        if (LibC.renameat(dirFd, temp, dirFd, name) != 0) throw PosixException.FromLastError($"rename {dirPath}/{temp}");
    }
}
