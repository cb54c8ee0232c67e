using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int WNOHANG = 1;
    public const int P_ALL = 0, WEXITED = 4, WNOWAIT = 0x01000000;

    /// <summary>siginfo_t is 128 bytes on Linux; waitid fills it, the reaper only needs the call to return.</summary>
    public const int SigInfoSize = 128;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idtype, int id, void* infop, int options);
}
