using System.Globalization;

namespace Tend.Posix.Cgroups;

/// <summary>
/// The memory controller of one cgroup, as far as telling an OOM kill apart needs it: the count of
/// processes its OOM killer ended (v2 memory.events "oom_kill", hierarchical; v1 memory.oom_control
/// "oom_kill", kernel 4.13 and later) and the limit that applied (memory.max, memory.limit_in_bytes).
/// The kernel raises the count before it sends the SIGKILL, so a reaped victim always finds it raised.
/// </summary>
public sealed record MemoryCgroup(string Directory, bool V2)
{
    /// <summary>Tend's own memory cgroup: v2 where the memory controller is there, else v1's; null when neither can be read.</summary>
    public static MemoryCgroup? OfTend()
    {
        if (CgroupMounts.UnifiedDirectory() is { } unified && File.Exists(Path.Join(unified, "memory.events"))) return new(unified, V2: true);
        if (CgroupMounts.V1Directory("memory") is { } v1 && File.Exists(Path.Join(v1, "memory.oom_control"))) return new(v1, V2: false);
        return null;
    }

    /// <summary>OOM kills counted so far; null when the file is unreadable or lacks the field (older kernels).</summary>
    public long? OomKills()
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Join(Directory, V2 ? "memory.events" : "memory.oom_control")))
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(9).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return n;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The memory limit in bytes; null for none ("max", or v1's page-rounded LONG_MAX) or unreadable.</summary>
    public long? LimitBytes()
    {
        try
        {
            var text = File.ReadAllText(Path.Join(Directory, V2 ? "memory.max" : "memory.limit_in_bytes")).Trim();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 1L << 60 ? n : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>"256 MiB", "1.5 GiB", "800 KiB": as the OOM line writes the limit.</summary>
    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };
}
