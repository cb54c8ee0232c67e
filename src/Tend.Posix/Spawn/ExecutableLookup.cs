using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Spawn;

/// <summary>
/// Finds argv[0] on the child's PATH (not Tend's: posix_spawnp would search the parent's), so the
/// error for a missing command names it exactly. A command found is remembered for
/// <see cref="RememberMs"/>: fifty programs started at once are mostly the same few commands (sh,
/// php-fpm...), and each search is an access() per PATH entry (issue 21: 40 µs of the 180 µs Tend
/// spent per spawn). Kept that briefly, a command installed later still takes its place on PATH
/// for the next start, as a fresh search would give it; a command not found is never remembered.
/// </summary>
public static unsafe class ExecutableLookup
{
    private const int X_OK = 1;
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>How long a command found stays found without a new search.</summary>
    public const int RememberMs = 1000;

    private static readonly Dictionary<(string Path, string Command), (string Found, long AtMs)> Found = [];

    /// <summary>The path to exec, or null with the errno of the best failure (ENOENT when nowhere).</summary>
    public static string? Resolve(string command, IReadOnlyList<string> environment, out int errno)
    {
        errno = 0;
        if (command.Length == 0) { errno = LibC.ENOENT; return null; }
        if (command.Contains('/')) return command; // exec reports its own error precisely
        var path = DefaultPath;
        foreach (var kv in environment)
            if (kv.StartsWith("PATH=", StringComparison.Ordinal)) { path = kv[5..]; break; }
        var now = Environment.TickCount64;
        lock (Found)
            if (Found.TryGetValue((path, command), out var known) && now - known.AtMs < RememberMs) return known.Found;
        var found = Search(command, path, out errno);
        if (found is not null)
            lock (Found)
            {
                if (Found.Count >= 256) Found.Clear(); // bounded: PATH values come from configurations
                Found[(path, command)] = (found, now);
            }
        return found;
    }

    private static string? Search(string command, string path, out int errno)
    {
        errno = 0;
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
