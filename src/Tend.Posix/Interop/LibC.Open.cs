using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static partial class LibC
{
    public const int O_CREAT = 0x40, O_TRUNC = 0x200, O_APPEND = 0x400;
    public const int EEXIST = 17, ENXIO = 6;

    /// <summary>open(2) is variadic in C; the mode is always passed (ignored without O_CREAT).</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);
}
