using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static partial class LibC
{
    public const int LOCK_EX = 2, LOCK_NB = 4, EWOULDBLOCK = 11;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);
}
