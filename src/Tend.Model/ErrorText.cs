using System.Text.RegularExpressions;

namespace Tend.Model;

/// <summary>
/// What an exception means, in words a user can act on. The published binary is built with
/// UseSystemResourceKeys, so the runtime's own messages are bare resource keys
/// ("IO_FileExists_Name, /run/app"): every place that shows a failure to a user goes through
/// here, never through Exception.Message or a type name. Tend's own messages pass unchanged.
/// </summary>
public static partial class ErrorText
{
    public static string Of(Exception e)
    {
        if (ResourceKey().Match(e.Message) is not { Success: true } key) return e.Message;
        var text = Plain(e);
        // The key's first argument is usually the path concerned; it is worth keeping.
        var path = key.Groups["args"].Value.Split(", ").FirstOrDefault(a => a.StartsWith('/'));
        return path is null ? text : $"{text}: {path}";
    }

    private static string Plain(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        PathTooLongException => "file name too long",
        IOException io when io.HResult is > 0 and < 4096 => Errno(io.HResult), // on Unix the runtime puts errno there
        IOException => "input/output error",
        OutOfMemoryException => "out of memory",
        TimeoutException => "timed out",
        OperationCanceledException => "cancelled",
        ObjectDisposedException => "already closed",
        FormatException => "malformed value",
        ArgumentOutOfRangeException or IndexOutOfRangeException => "value out of range",
        ArgumentException => "invalid argument",
        NotSupportedException or PlatformNotSupportedException => "not supported",
        NullReferenceException => "a missing value (a bug in Tend)",
        InvalidOperationException => "an operation that is not valid now (a bug in Tend)",
        _ => "an unexpected failure (a bug in Tend)",
    };

    /// <summary>strerror's text (Linux, lower case) for the errors files and sockets give.</summary>
    public static string Errno(int errno) => errno switch
    {
        1 => "operation not permitted",
        2 => "no such file or directory",
        5 => "input/output error",
        6 => "no such device or address",
        9 => "bad file descriptor",
        11 => "resource temporarily unavailable",
        12 => "cannot allocate memory",
        13 => "permission denied",
        16 => "device or resource busy",
        17 => "file exists",
        18 => "invalid cross-device link",
        19 => "no such device",
        20 => "not a directory",
        21 => "is a directory",
        22 => "invalid argument",
        23 => "too many open files in system",
        24 => "too many open files",
        26 => "text file busy",
        27 => "file too large",
        28 => "no space left on device",
        30 => "read-only file system",
        31 => "too many links",
        32 => "broken pipe",
        36 => "file name too long",
        39 => "directory not empty",
        40 => "too many levels of symbolic links",
        122 => "disk quota exceeded",
        _ => $"system error {errno}",
    };

    /// <summary>"IO_FileExists_Name, /x", "Arg_NullReferenceException", "net_http_..." : a key, then its arguments.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+(?:, (?<args>.*))?$", RegexOptions.Singleline)]
    private static partial Regex ResourceKey();
}
