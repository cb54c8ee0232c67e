using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

/// <summary>
/// The *at(2) calls: every name is looked up in a directory already open, so a directory Tend
/// checked once cannot be swapped for another (a symlink, a rename) between the check and the use.
/// </summary>
internal static unsafe partial class LibC
{
    /// <summary>O_PATH, O_EXCL and AT_REMOVEDIR are the same on every Linux architecture.</summary>
    public const int O_PATH = 0x200000, O_EXCL = 0x80, AT_REMOVEDIR = 0x200;

    /// <summary>O_DIRECTORY and O_NOFOLLOW are not: arm64 (like arm) uses 040000 and 0100000, x86 0200000 and 0400000.</summary>
    public static readonly int O_DIRECTORY = IsArm ? 0x4000 : 0x10000;

    public static readonly int O_NOFOLLOW = IsArm ? 0x8000 : 0x20000;

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public const int ELOOP = 40, ENOTDIR = 20;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int dirFd, string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirFd, string path, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifoat(int dirFd, string path, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat(int oldDirFd, string oldPath, int newDirFd, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirFd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirFd, string path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);
}
