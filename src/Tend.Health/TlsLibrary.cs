using System.Runtime.InteropServices;

namespace Tend.Health;

/// <summary>
/// Whether the image has a TLS library .NET can use. Tend carries no TLS code of its own: an https
/// probe uses the image's OpenSSL, loaded at run time, as .NET does on Linux. Looked for once,
/// before the first handshake, so that an image without it (scratch, distroless/static, busybox)
/// gets a probe failure naming what to install rather than an exception from deep inside .NET.
/// Tend's release binary is static: it can load a libssl built against glibc (the loader brings the
/// image's libc.so.6 with it), not musl's (Alpine), which it reports as not loadable.
/// </summary>
internal static class TlsLibrary
{
    /// <summary>The names .NET's OpenSSL shim looks for, newest first.</summary>
    private static readonly string[] Names = ["libssl.so.3", "libssl.so.1.1", "libssl.so"];

    public const string MissingText =
        "https needs OpenSSL's libssl (libssl.so.3 or libssl.so.1.1, built for glibc) in the image, and none could be loaded: "
        + "install it (Debian, Ubuntu: apt-get install libssl3; RHEL, UBI: openssl-libs), or probe the plain http port";

    private static readonly Lazy<string?> Result = new(Probe);

    /// <summary>Null when a libssl loads; otherwise <see cref="MissingText"/>.</summary>
    public static string? Missing() => Result.Value;

    /// <summary>
    /// .NET's OpenSSL shim aborts the process when a library it loads lacks a function it needs
    /// ("Cannot get required symbol ..."): fatal for PID 1. So before .NET loads anything, the image
    /// must have glibc's libc.so.6 (a musl image's libssl cannot work beside Tend's glibc) and a
    /// libssl with the entry points of OpenSSL 1.1 or 3.
    /// </summary>
    private static string? Probe()
    {
        // Never unloaded: closing the second libc and opening it again left it broken (SIGSEGV in the handshake).
        if (!NativeLibrary.TryLoad("libc.so.6", out _))
            return MissingText + " (this image has no glibc libc.so.6; a libssl built for musl, as Alpine's, cannot be used)";
        foreach (var name in Names)
        {
            if (NativeLibrary.TryLoad(name, out var handle) && RequiredSymbols.All(symbol => NativeLibrary.TryGetExport(handle, symbol, out _)))
                return null;
        }
        return MissingText;
    }

    /// <summary>A few of the functions .NET calls, present in every OpenSSL since 1.1.</summary>
    private static readonly string[] RequiredSymbols = ["OPENSSL_init_ssl", "SSL_CTX_new", "SSL_read", "SSL_write", "TLS_method"];

    /// <summary>What .NET throws when its OpenSSL shim cannot find or bind the library after all.</summary>
    public static bool IsMissing(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException) return true;
        return false;
    }
}
