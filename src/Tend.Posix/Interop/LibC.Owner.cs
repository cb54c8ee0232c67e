using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int S_IFSOCK = 0xC000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int chown(byte* path, uint owner, uint group);

    /// <summary>With AT_EMPTY_PATH and an O_PATH descriptor: chown of exactly that file.</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchownat(int dirFd, string path, uint owner, uint group, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, int mode);
}
