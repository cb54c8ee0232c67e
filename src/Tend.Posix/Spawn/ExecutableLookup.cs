using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Spawn;

/// <summary>
/// Finds argv[0] on the child's PATH (not Tend's: posix_spawnp would search the parent's), so the
/// error for a missing command names it exactly.
/// </summary>
public static unsafe class ExecutableLookup
{
    private const int X_OK = 1;
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The path to exec, or null with the errno of the best failure (ENOENT when nowhere).</summary>
    public static string? Resolve(string command, IReadOnlyList<string> environment, out int errno)
    {
        errno = 0;
        if (command.Length == 0) { errno = LibC.ENOENT; return null; }
        if (command.Contains('/')) return command; // exec reports its own error precisely
        var path = DefaultPath;
        foreach (var kv in environment)
            if (kv.StartsWith("PATH=", StringComparison.Ordinal)) { path = kv[5..]; break; }
        var best = LibC.ENOENT;
        foreach (var dir in path.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, command);
            var bytes = Encoding.UTF8.GetBytes(candidate + "\0");
            fixed (byte* p = bytes)
            {
                if (LibC.access(p, X_OK) == 0 && !Directory.Exists(candidate)) return candidate;
                var e = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (e == LibC.EACCES && File.Exists(candidate)) best = LibC.EACCES;
            }
        }
        errno = best;
        return null;
    }
}
