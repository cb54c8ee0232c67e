using System.Globalization;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Unmaps the pages of Tend's own executable that work brought in: start-up (reading the
/// configuration, parsing the command line, building programs) and later bursts (a `tend ctl`
/// request, a restart). An idle Tend runs no code, yet each page of code it ran stays mapped and
/// counts in its RSS; a request touches about 3 MiB of them, as the kernel maps up to 64 KiB around
/// every page that faults. MADV_DONTNEED only drops the process's mapping: the page stays in the
/// page cache, so the next use (or the next start of Tend) is a minor fault, no disk read. It used
/// to be MADV_PAGEOUT, which also evicted them from the page cache: each following start read the
/// binary back from disk, a third of a start's CPU (issue 21). Only read-only private mappings
/// without a single private page are touched: dropping a private page (a relocation written before
/// the RELRO mprotect) would lose it, and in a clean read-only private mapping every page is the
/// file's own, identical after the next fault. Best effort: what cannot be read is left alone.
/// </summary>
public static class ExecutablePages
{
    /// <summary>Returns the bytes of mappings unmapped (0 when /proc is not there).</summary>
    public static long Release()
    {
        string exe;
        try { exe = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? ""; }
        catch (IOException) { return 0; }
        if (exe.Length == 0) return 0;
        var clean = new List<(long Start, long End)>();
        try
        {
            (long Start, long End)? current = null;
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                if (IsMappingLine(line))
                {
                    current = ReadOnlyMappingOf(line, exe);
                    continue;
                }
                // "Anonymous:  0 kB": the mapping has no private page of its own.
                if (current is { } range && line.StartsWith("Anonymous:", StringComparison.Ordinal))
                {
                    if (KiB(line) == 0) clean.Add(range);
                    current = null;
                }
            }
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { return 0; }
        long released = 0;
        foreach (var (start, end) in clean)
            if (LibC.madvise((nint)start, (nuint)(end - start), LibC.MADV_DONTNEED) == 0) released += end - start;
        return released;
    }

    /// <summary>A mapping's first line starts "start-end perms ..."; its field lines "Name:".</summary>
    private static bool IsMappingLine(string line)
    {
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        return dash > 0 && space > dash && !line.AsSpan(0, dash).ContainsAnyExcept("0123456789abcdef");
    }

    /// <summary>The range of a read-only private mapping of the executable, or null.</summary>
    private static (long, long)? ReadOnlyMappingOf(string line, string exe)
    {
        // "start-end perms offset dev inode path"
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[5].Trim() != exe) return null;
        var perms = fields[1];
        if (perms.Length < 4 || perms[1] == 'w' || perms[3] != 'p') return null;
        var range = fields[0].Split('-');
        return (long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static long KiB(string line) =>
        long.Parse(line.AsSpan("Anonymous:".Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
