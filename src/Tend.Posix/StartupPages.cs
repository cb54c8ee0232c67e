using System.Globalization;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Gives back the pages of Tend's own executable that start-up touched: reading the configuration
/// (YAML, INI, service trees), parsing the command line, building programs. They stay mapped, and
/// counted in the container's memory, although an idle supervisor never runs that code again.
/// MADV_PAGEOUT reclaims only clean file-backed pages (a later use reads them back from the page
/// cache or the binary, like any first use); private, written pages are left alone, so nothing is
/// lost. Best effort: an older kernel (before 5.4) answers EINVAL, and then nothing changes.
/// </summary>
public static class StartupPages
{
    /// <summary>Returns the bytes of read-only executable mappings advised, for the log.</summary>
    public static long Release()
    {
        string exe;
        try { exe = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? ""; }
        catch (IOException) { return 0; }
        long advised = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // "start-end perms offset dev inode path"
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 6 || fields[5].Trim() != exe || fields[1].Contains('w')) continue;
                var range = fields[0].Split('-');
                var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (LibC.madvise((nint)start, (nuint)(end - start), LibC.MADV_PAGEOUT) == 0) advised += end - start;
            }
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { }
        return advised;
    }
}
