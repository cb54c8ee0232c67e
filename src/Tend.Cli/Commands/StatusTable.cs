using System.Text;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend ctl status` as people read it: one aligned row per program, like supervisorctl's, ending
/// with why the program is in its state (the reason of its last transition).
/// </summary>
internal static class StatusTable
{
    public static string Render(IReadOnlyList<ProgramStatus> programs)
    {
        var rows = new List<string[]> { new[] { "NAME", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT", "HEALTH", "REASON" } };
        foreach (var p in programs)
            rows.Add([
                p.Name, p.State, p.Pid?.ToString() ?? "-", p.UptimeSeconds is { } up ? Uptime(up) : "-",
                p.Restarts.ToString(), p.LastExitCode?.ToString() ?? (p.LastExitSignal is { } s ? "SIG" + s : "-"),
                Health(p), p.Reason ?? "-",
            ]);
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

    /// <summary>"0:01:23", or "2d 3:04:05" past a day, as supervisorctl prints it.</summary>
    public static string Uptime(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Floor(seconds));
        var hms = $"{(int)t.Hours}:{t.Minutes:D2}:{t.Seconds:D2}";
        return t.Days > 0 ? $"{t.Days}d {hms}" : hms;
    }
}
