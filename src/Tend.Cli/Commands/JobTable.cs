using System.Globalization;
using System.Text;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>The jobs part of `tend ctl status`: one row per job, under the programs.</summary>
internal static class JobTable
{
    public static string Render(IReadOnlyList<JobStatus> jobs, DateTimeOffset now)
    {
        var rows = new List<string[]> { new[] { "JOB", "SCHEDULE", "RUNNING", "LAST RESULT", "LAST EXIT", "LAST DURATION", "NEXT RUN" } };
        foreach (var j in jobs)
        {
            var r = j.LastResult;
            rows.Add([
                j.Name,
                j.Schedule + (j.TimeZone is { } zone ? $" ({zone})" : ""),
                j.RunningPids.Count == 0 ? "-" : "pid " + string.Join(",", j.RunningPids),
                r is null ? "-" : $"{Outcome(r.Outcome)}, {Ago(now - r.StartedAt)} ago",
                r?.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? (r?.Signal is { } s ? "SIG" + s : "-"),
                r is null ? "-" : r.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
                j.NextRun is { } next ? $"{next.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (in {Ago(next - now)})" : "never",
            ]);
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
                sb.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Outcome(JobOutcome o) => o switch
    {
        JobOutcome.Success => "success",
        JobOutcome.Timeout => "timeout",
        _ => "failure",
    };

    private static string Ago(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        return t.TotalSeconds < 60 ? $"{(int)t.TotalSeconds}s"
            : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s"
            : t.TotalHours < 48 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m"
            : $"{(int)t.TotalDays}d{t.Hours:D2}h";
    }
}
