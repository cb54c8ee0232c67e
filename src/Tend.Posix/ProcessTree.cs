using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// The descendants of a process, read from /proc. A program may start processes outside its own
/// process group (a daemon's setsid, `setsid cmd &amp;`): a stop signal to the group misses them, and
/// once the program has exited they are re-parented to Tend and nothing ties them to it any more.
/// So Tend looks them up while the program still runs (when it is asked to stop), and follows each
/// by its pid and start time, which together name one process even after the pid is reused.
/// </summary>
public static class ProcessTree
{
    /// <summary>One process: its pid, process group, and start time (clock ticks since boot).</summary>
    public readonly record struct Member(int Pid, int ProcessGroup, long StartTime);

    /// <summary>
    /// Who is whose child right now: one pass over /proc, so that stopping many programs at once
    /// (a shutdown wave) reads it once. Empty when /proc is not this PID namespace's (its pids would
    /// name other processes).
    /// </summary>
    public static Snapshot Scan()
    {
        var children = new Dictionary<int, List<Member>>();
        if (!ProcIsOurs()) return new Snapshot(children);
        foreach (var dir in EnumerateProc())
        {
            if (!int.TryParse(Path.GetFileName(dir), out var each) || Read(each) is not { } stat || stat.Dead) continue;
            if (!children.TryGetValue(stat.Parent, out var list)) children[stat.Parent] = list = [];
            list.Add(stat.Member);
        }
        return new Snapshot(children);
    }

    /// <summary>The parent-child relation of the processes alive at one moment.</summary>
    public sealed class Snapshot
    {
        private readonly Dictionary<int, List<Member>> _children;

        internal Snapshot(Dictionary<int, List<Member>> children) => _children = children;

        /// <summary>Every descendant of <paramref name="pid"/> (children, their children...), not the process itself.</summary>
        public List<Member> Descendants(int pid)
        {
            var result = new List<Member>();
            var queue = new Queue<int>();
            queue.Enqueue(pid);
            var seen = new HashSet<int> { pid };
            while (queue.TryDequeue(out var parent))
            {
                if (!_children.TryGetValue(parent, out var list)) continue;
                foreach (var child in list)
                {
                    if (!seen.Add(child.Pid)) continue;
                    result.Add(child);
                    queue.Enqueue(child.Pid);
                }
            }
            return result;
        }
    }

    /// <summary>True while that very process runs (a zombie has ended: it only waits to be reaped).</summary>
    public static bool IsAlive(Member m) => Read(m.Pid) is { Dead: false } stat && stat.Member.StartTime == m.StartTime;

    private readonly record struct Stat(Member Member, int Parent, bool Dead);

    private static Stat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) S ppid pgrp session ...": comm may hold spaces and parentheses, so fields count from the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 of proc(5) (state), so field N is fields[N - 3]; starttime is field 22.
        if (fields.Length < 20 || !int.TryParse(fields[1], out var ppid) || !int.TryParse(fields[2], out var pgrp)
            || !long.TryParse(fields[19], out var start)) return null;
        return new Stat(new Member(pid, pgrp, start), ppid, fields[0] is "Z" or "X" or "x");
    }

    private static IEnumerable<string> EnumerateProc()
    {
        try { return Directory.GetDirectories("/proc"); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>/proc/self names this process: /proc was mounted for our PID namespace.</summary>
    private static bool ProcIsOurs()
    {
        try { return new FileInfo("/proc/self").LinkTarget == LibC.getpid().ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (IOException) { return false; }
    }
}
