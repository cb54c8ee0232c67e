using System.Globalization;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Gives back the pages of Tend's own executable that start-up touched: reading the configuration
/// (YAML, INI, service trees), parsing the command line, building programs. They stay mapped, and
/// counted in Tend's RSS, although an idle supervisor never runs that code again.
/// MADV_DONTNEED unmaps them from Tend and leaves them in the page cache, where a later use (a
/// reload) or the next start of Tend finds them. It used to be MADV_PAGEOUT, which also evicted
/// them from the page cache: each following start of the binary read them back from the disk, a
/// third of a start's CPU and a wait on the disk (issue 21). DONTNEED would drop the pages a
/// private mapping has copied on write (relocations in the read-only parts), so it is given only
/// to read-only mappings of the executable that have no anonymous page at all (/proc/self/smaps).
/// Best effort: what cannot be read is left alone.
/// </summary>
public static class StartupPages
{
    /// <summary>Returns the bytes of read-only executable mappings advised, for the log.</summary>
    public static long Release()
    {
        string exe;
        try { exe = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? ""; }
        catch (IOException) { return 0; }
        var clean = new List<(long Start, long End)>();
        try
        {
            (long Start, long End)? candidate = null;
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-'))
                {
                    // A mapping's header: "start-end perms offset dev inode path".
                    candidate = null;
                    var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 6 || fields[5].Trim() != exe || fields[1].Contains('w')) continue;
                    var range = fields[0].Split('-');
                    candidate = (long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                        long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
                else if (candidate is { } mapping && line.StartsWith("Anonymous:", StringComparison.Ordinal))
                {
                    if (line.AsSpan("Anonymous:".Length).Trim().SequenceEqual("0 kB")) clean.Add(mapping);
                    candidate = null;
                }
            }
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { return 0; }
        long advised = 0;
        foreach (var (start, end) in clean)
            if (LibC.madvise((nint)start, (nuint)(end - start), LibC.MADV_DONTNEED) == 0) advised += end - start;
        return advised;
    }
}
