using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static partial class LibC
{
    public const int PRIO_PROCESS = 0;

    /// <summary>With PRIO_PROCESS and a thread id, Linux sets that one thread's nice value.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc")]
    public static partial int gettid();
}
