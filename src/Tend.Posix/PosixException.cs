using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>A failed libc call: the errno, the call's name and the C library's text for it.</summary>
public sealed class PosixException(int errno, string call)
    : Exception($"{call}: {Describe(errno)}")
{
    public int Errno { get; } = errno;
    public string Call { get; } = call;

    /// <summary>strerror text in lower case, as shells print it: "no such file or directory".</summary>
    public static string Describe(int errno)
    {
        var text = Marshal.PtrToStringUTF8(LibC.strerror(errno)) ?? $"errno {errno}";
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    public static PosixException FromLastError(string call) => new(Marshal.GetLastPInvokeError(), call);
}
