using System.Globalization;

namespace Tend.Posix;

/// <summary>
/// /proc/PID/oom_score_adj: how eagerly the kernel's OOM killer picks a process (-1000 never, 1000
/// first). Inherited across fork and exec, so what Tend sets for itself its children get too, unless
/// given back (<see cref="Spawn.Spawner.ChildOomScoreAdj"/>).
/// </summary>
public static class OomScore
{
    /// <summary>Writes the value; the failure's description (errno text) or null.</summary>
    public static string? TrySet(int pid, int value)
    {
        try
        {
            File.WriteAllText(pid == 0 ? "/proc/self/oom_score_adj" : $"/proc/{pid}/oom_score_adj", value.ToString(CultureInfo.InvariantCulture));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e is UnauthorizedAccessException ? "permission denied (lowering it needs CAP_SYS_RESOURCE)" : e.Message;
        }
    }

    /// <summary>The value now, or null when /proc cannot tell.</summary>
    public static int? Read(int pid)
    {
        try
        {
            return int.Parse(File.ReadAllText(pid == 0 ? "/proc/self/oom_score_adj" : $"/proc/{pid}/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
