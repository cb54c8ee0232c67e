using System.Globalization;

namespace Tend.Control.Api;

/// <summary>What one program's processes use: CPU time and resident memory.</summary>
/// <param name="CpuSeconds">User and system time of every live process of the tree, with what each has collected from its waited-for children.</param>
/// <param name="MemoryBytes">The sum of their resident set sizes (shared pages count once per process, as `ps` would add them).</param>
public readonly record struct ProgramResources(double CpuSeconds, long MemoryBytes);

/// <summary>
/// Reads CPU time and RSS of each program's process tree from /proc: one pass over /proc/PID/stat
/// to learn parents, then a walk down from each program's main pid. Only ever called when someone
/// asks (a status request, a metrics scrape, the status page): an idle Tend reads nothing.
/// </summary>
public static class ProcessTreeResources
{
    // USER_HZ: the unit of /proc's times. The kernel has fixed it at 100 for user space on every architecture.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Resources per main pid; a pid that is gone is absent.</summary>
    public static Dictionary<int, ProgramResources> Of(IEnumerable<int> mainPids, string procRoot = "/proc")
    {
        var result = new Dictionary<int, ProgramResources>();
        var wanted = mainPids.Where(p => p > 0).ToHashSet();
        if (wanted.Count == 0) return result;
        var all = ReadAll(procRoot);
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, stat) in all)
        {
            if (!children.TryGetValue(stat.Parent, out var list)) children[stat.Parent] = list = [];
            list.Add(pid);
        }
        var pageSize = Environment.SystemPageSize;
        foreach (var root in wanted)
        {
            if (!all.ContainsKey(root)) continue;
            long ticks = 0, pages = 0;
            var pending = new Stack<int>();
            var seen = new HashSet<int>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var pid = pending.Pop();
                if (!seen.Add(pid) || !all.TryGetValue(pid, out var s)) continue;
                ticks += s.Ticks;
                pages += s.RssPages;
                if (children.TryGetValue(pid, out var kids)) foreach (var k in kids) pending.Push(k);
            }
            result[root] = new ProgramResources(ticks / ClockTicksPerSecond, pages * pageSize);
        }
        return result;
    }

    internal readonly record struct Stat(int Parent, long Ticks, long RssPages);

    private static Dictionary<int, Stat> ReadAll(string procRoot)
    {
        var all = new Dictionary<int, Stat>();
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateDirectories(procRoot); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return all; }
        foreach (var dir in entries)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string text;
            try { text = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // gone meanwhile
            if (Parse(text) is { } stat) all[pid] = stat;
        }
        return all;
    }

    /// <summary>
    /// /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so fields
    /// are counted from the last ')'. utime, stime, cutime, cstime are fields 14-17, rss field 24.
    /// </summary>
    internal static Stat? Parse(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var f = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // f[0] is field 3 (state): field N is f[N - 3].
        if (f.Length < 22) return null;
        static long N(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? Math.Max(0, v) : 0;
        return new Stat((int)N(f[1]), N(f[11]) + N(f[12]) + N(f[13]) + N(f[14]), N(f[21]));
    }
}
