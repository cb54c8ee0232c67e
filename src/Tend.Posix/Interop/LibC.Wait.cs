using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int WNOHANG = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);
}
