using System.Globalization;

namespace Tend.Posix;

/// <summary>
/// Whether a process belongs to a program: is its main process, lives in the session the main
/// process leads (Tend starts every program with setsid, so its session id is its main pid), or
/// descends from it through the parent chain (a child that left with setsid of its own). A session
/// is inherited and cannot be joined from outside (setsid only makes a new one, setpgid only moves
/// within one's own), so no process of another program, of any user, passes; a pid that is alive
/// in the session now is a member now, whatever the pid was before. What cannot be checked is a
/// sender that has already exited and been reaped: it is refused, as systemd's default
/// (NotifyAccess=main) refuses every process but the main one.
/// </summary>
public static class ProcessTree
{
    private const int MaxDepth = 64;

    public static bool Belongs(int pid, int mainPid)
    {
        if (pid <= 0 || mainPid <= 0) return false;
        if (pid == mainPid) return true;
        if (Stat(pid) is not { } stat) return false;
        if (stat.Session == mainPid) return true;
        for (var (depth, parent) = (0, stat.Parent); depth < MaxDepth && parent > 1; depth++)
        {
            if (parent == mainPid) return true;
            if (Stat(parent) is not { } up) return false;
            parent = up.Parent;
        }
        return false;
    }

    /// <summary>
    /// Fields 4 (ppid) and 6 (session) of /proc/PID/stat, read after the last ')' since the command
    /// name in parentheses may itself hold spaces and parentheses; null when the process is gone.
    /// </summary>
    private static (int Parent, int Session)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        // After ") ": state ppid pgrp session ...
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session)) return null;
        return (parent, session);
    }
}
