using System.Globalization;
using System.Text;
using Tend.Control.Api;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend ctl status` as people read it: one aligned row per program, like supervisorctl's, ending
/// with why the program is in its state (the reason of its last transition).
/// </summary>
internal static class StatusTable
{
    /// <param name="programs">The rows.</param>
    /// <param name="resources">CPU and memory by program name; with it, CPU and MEM columns before HEALTH.</param>
    public static string Render(IReadOnlyList<ProgramStatus> programs, IReadOnlyDictionary<string, ProgramResources>? resources = null)
    {
        var withResources = resources is not null;
        var rows = new List<string[]> { withResources
            ? new[] { "NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "CPU", "MEM", "HEALTH", "REASON" }
            : new[] { "NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "HEALTH", "REASON" } };
        foreach (var p in programs)
        {
            string[] row = [
                p.Name, p.State, p.Pid?.ToString() ?? "-", p.UptimeSeconds is { } up ? Uptime(up) : "-",
                p.Restarts.ToString(), p.LastExitCode?.ToString() ?? (p.LastExitSignal is { } s ? "SIG" + s + (p.LastExitOom ? " (OOM)" : "") : "-"),
            ];
            if (withResources)
            {
                var r = resources!.TryGetValue(p.Name, out var found) ? found : (ProgramResources?)null;
                row = [.. row, r is { } c ? Cpu(c.CpuSeconds) : "-", r is { } m ? Memory(m.MemoryBytes) : "-"];
            }
            rows.Add([.. row, Health(p), p.Reason ?? "-"]);
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i == row.Length - 1) sb.Append(row[i]);
                else sb.Append(row[i].PadRight(widths[i] + 2));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Health(ProgramStatus p) =>
        p.WaitingFor is { } w ? $"waiting for {w}"
        : !p.CountsForHealth ? "ignored"
        : p.Healthy ? "healthy"
        : p.Ready ? "unhealthy"
        : p.State == "RUNNING" ? "not ready"
        : p.LastError ?? "-";

    /// <summary>"0.42s", "12.3s", "1:02:03" past an hour of CPU.</summary>
    public static string Cpu(double seconds) => seconds switch
    {
        < 10 => seconds.ToString("0.00", CultureInfo.InvariantCulture) + "s",
        < 3600 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        _ => Uptime(seconds),
    };

    /// <summary>"812K", "12.4M", "1.2G", as top prints resident sizes.</summary>
    public static string Memory(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + "G",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + "M",
        _ => (bytes >> 10).ToString(CultureInfo.InvariantCulture) + "K",
    };

    /// <summary>"0:01:23", or "2d 3:04:05" past a day, as supervisorctl prints it.</summary>
    public static string Uptime(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Floor(seconds));
        var hms = $"{(int)t.Hours}:{t.Minutes:D2}:{t.Seconds:D2}";
        return t.Days > 0 ? $"{t.Days}d {hms}" : hms;
    }
}
