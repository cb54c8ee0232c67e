using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static partial class LibC
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rename(string oldPath, string newPath);
}
