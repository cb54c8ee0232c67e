using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    /// <summary>
    /// statx(2) rather than stat(2): struct statx has the same layout on every architecture
    /// (stx_mode is a u16 at offset 28 of a 256-byte buffer), struct stat does not.
    /// </summary>
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    public const int STATX_TYPE = 1, STATX_INO = 0x100, StatxSize = 256, StatxModeOffset = 28;
    public const int StatxInoOffset = 32, StatxDevMajorOffset = 136, StatxDevMinorOffset = 140;
    public const int S_IFMT = 0xF000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;

    /// <summary>What <see cref="Files.FileFacts"/> reads: type and mode, links, owner, size.</summary>
    public const uint STATX_BASIC_STATS = 0x7FF;
    public const int StatxNlinkOffset = 16, StatxUidOffset = 20, StatxSizeOffset = 40;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
