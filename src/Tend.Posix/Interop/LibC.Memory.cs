using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    /// <summary>
    /// Drop this range's page-table entries now. On a private file mapping a later access reads the
    /// file's page again (from the page cache): a page the process wrote (copied on write) would be
    /// lost, so only for mappings without any.
    /// </summary>
    public const int MADV_DONTNEED = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);
}
