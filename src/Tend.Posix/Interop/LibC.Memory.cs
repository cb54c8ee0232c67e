using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    /// <summary>Reclaim these pages now (Linux 5.4+); clean file pages are dropped, others kept.</summary>
    public const int MADV_PAGEOUT = 21;

    /// <summary>Drop this process's mapping of these pages; a private file mapping refaults them from the file.</summary>
    public const int MADV_DONTNEED = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);
}
