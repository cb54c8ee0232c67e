using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int chown(byte* path, uint owner, uint group);
}
