using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// Replaces a file's content so that a reader sees the old bytes or the new ones, never a
/// mix: write <c>PATH.new</c>, then rename(2) it over <c>PATH</c>. No fsync: the files this
/// serves (runit's supervise/status and friends) describe live state and usually sit on tmpfs;
/// runsv does not sync them either, and a sync per state change would stall the loop.
/// </summary>
public static class AtomicFile
{
    public static void Replace(string path, ReadOnlySpan<byte> content, int mode = 0b110_100_100)
    {
        var temp = path + ".new";
        var fd = LibC.open(temp, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC | LibC.O_NONBLOCK | LibC.O_CLOEXEC, mode);
        if (fd < 0) throw PosixException.FromLastError($"open {temp}");
        var written = content.IsEmpty || Fd.WriteAll(fd, content);
        var errno = written ? 0 : Marshal.GetLastPInvokeError();
        LibC.close(fd);
        if (!written)
        {
            File.Delete(temp);
            throw new PosixException(errno, $"write {temp}");
        }
        if (LibC.rename(temp, path) != 0) throw PosixException.FromLastError($"rename {temp}");
    }
}
