using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>What Tend checks of a file it is about to write as root: type, mode, owner, links, size.</summary>
public readonly record struct FileFacts(int Mode, uint Uid, uint Links, long Size)
{
    public int Type => Mode & LibC.S_IFMT;
    public bool IsDirectory => Type == LibC.S_IFDIR;
    public bool IsRegular => Type == LibC.S_IFREG;
    public bool IsSymlink => Type == LibC.S_IFLNK;
    public bool IsSticky => (Mode & 0b1_000_000_000) != 0;

    /// <summary>Group or others may write it.</summary>
    public bool SharedWrite => (Mode & 0b000_010_010) != 0;

    /// <summary>The permission bits as ls and chmod write them: 0755, 1777.</summary>
    public string Permissions => "0" + Convert.ToString(Mode & 0xFFF, 8);

    /// <summary>fstat of an open descriptor (statx with AT_EMPTY_PATH).</summary>
    public static FileFacts Of(int fd) => At(fd, "", LibC.AT_EMPTY_PATH) ?? throw PosixException.FromLastError("fstat");

    /// <summary>lstat of a name in an open directory; null when it does not exist (or cannot be stat'ed).</summary>
    public static FileFacts? OfEntry(int dirFd, string name) => At(dirFd, name, LibC.AT_SYMLINK_NOFOLLOW);

    private static unsafe FileFacts? At(int dirFd, string path, int flags)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        if (LibC.statx(dirFd, path, flags, LibC.STATX_BASIC_STATS, buffer) != 0) return null;
        return new FileFacts(*(ushort*)(buffer + LibC.StatxModeOffset), *(uint*)(buffer + LibC.StatxUidOffset),
            *(uint*)(buffer + LibC.StatxNlinkOffset), *(long*)(buffer + LibC.StatxSizeOffset));
    }
}
