using System.Globalization;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// Processes as /proc sees them, for two questions about a program's own processes.
/// <para>
/// Stopping: a program may start processes outside its own process group (a daemon's setsid,
/// `setsid cmd &amp;`): a stop signal to the group misses them, and once the program has exited they
/// are re-parented to Tend and nothing ties them to it any more. So Tend looks them up while the
/// program still runs (when it is asked to stop), and follows each by its pid and start time, which
/// together name one process even after the pid is reused.
/// </para>
/// <para>
/// Readiness messages: whether a sender belongs to a program: is its main process, lives in the
/// session the main process leads (Tend starts every program with setsid, so its session id is its
/// main pid), or descends from it through the parent chain (a child that left with setsid of its
/// own). A session is inherited and cannot be joined from outside (setsid only makes a new one,
/// setpgid only moves within one's own), so no process of another program, of any user, passes; a
/// pid that is alive in the session now is a member now, whatever the pid was before. What cannot be
/// checked is a sender that has already exited and been reaped: it is refused, as systemd's default
/// (NotifyAccess=main) refuses every process but the main one.
/// </para>
/// </summary>
public static class ProcessTree
{
    private const int MaxDepth = 64;

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

    /// <summary>Whether <paramref name="pid"/> is the program's main process or one of its own (see the class remarks).</summary>
    public static bool Belongs(int pid, int mainPid)
    {
        if (pid <= 0 || mainPid <= 0) return false;
        if (pid == mainPid) return true;
        if (Read(pid) is not { } stat) return false;
        if (stat.Session == mainPid) return true;
        for (var (depth, parent) = (0, stat.Parent); depth < MaxDepth && parent > 1; depth++)
        {
            if (parent == mainPid) return true;
            if (Read(parent) is not { } up) return false;
            parent = up.Parent;
        }
        return false;
    }

    private readonly record struct Stat(Member Member, int Parent, int Session, bool Dead);

    /// <summary>/proc/PID/stat; null when the process is gone.</summary>
    private static Stat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) S ppid pgrp session ...": comm may hold spaces and parentheses, so fields count from the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 of proc(5) (state), so field N is fields[N - 3]; starttime is field 22.
        if (fields.Length < 20
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pgrp)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        return new Stat(new Member(pid, pgrp, start), ppid, session, fields[0] is "Z" or "X" or "x");
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
        try { return new FileInfo("/proc/self").LinkTarget == LibC.getpid().ToString(CultureInfo.InvariantCulture); }
        catch (IOException) { return false; }
    }
}
