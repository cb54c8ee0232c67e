using System.Globalization;
using System.Text;
using Tend.Model;
using Tend.Scheduling;

namespace Tend.Config;

/// <summary>The jobs part of `tend check`: every effective value, and when each will next run.</summary>
public static partial class EffectiveConfigPrinter
{
    private static void PrintJobs(StringBuilder sb, IReadOnlyList<JobSpec> jobs, DateTimeOffset now)
    {
        if (jobs.Count == 0) return;
        Line(sb, 0, $"# {jobs.Count} job{(jobs.Count == 1 ? "" : "s")}; next runs computed from {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (@every counts from Tend's start)");
        Line(sb, 0, "jobs:");
        foreach (var j in jobs)
        {
            Line(sb, 1, j.DefinedAt is null ? $"{Name(j.Name)}:" : $"{Name(j.Name)}:  # defined at {YamlQuoting.Comment(j.DefinedAt.ToString()!)}");
            Line(sb, 2, $"schedule: {Quote(j.Schedule)}  # next run: {NextRun(j, now)}");
            Line(sb, 2, $"command: {List(j.Command.Select(a => Quote(a)))}");
            if (j.Environment.Count == 0) Line(sb, 2, "environment: {}");
            else
            {
                Line(sb, 2, "environment:");
                foreach (var (key, value) in j.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
                    Line(sb, 3, $"{(IsPlainName(key) ? key : Quote(key, isValue: false))}: {Quote(value)}");
            }
            Line(sb, 2, $"working_dir: {OrNull(j.WorkingDir, "Tend's working directory")}");
            Line(sb, 2, $"user: {OrNull(j.User, "Tend's user")}");
            Line(sb, 2, $"timezone: {OrNull(j.TimeZone, "UTC")}");
            Line(sb, 2, j.Timeout is { } t ? $"timeout: {Durations.Format(t)}" : "timeout: ~  # no limit");
            Line(sb, 2, $"concurrency: {j.Concurrency.ToString().ToLowerInvariant()}");
            Line(sb, 2, $"stop_signal: {Signal(j.StopSignal)}");
            Line(sb, 2, $"stop_timeout: {Durations.Format(j.StopTimeout)}");
            Line(sb, 2, $"log_prefix: {Bool(j.LogPrefix)}");
        }
    }

    private static string NextRun(JobSpec j, DateTimeOffset now)
    {
        if (!JobSchedule.TryParse(j.Schedule, CronDialect.SecondsFirst, out var schedule, out var error)) return error;
        if (!TimeZones.TryFind(j.TimeZone, out var zone, out error)) return error;
        if (schedule.NextAfter(now, zone, now) is not { } next) return "never (the years listed have passed)";
        var local = TimeZoneInfo.ConvertTime(next, zone);
        var text = local.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        return zone == TimeZoneInfo.Utc ? text : $"{text} ({zone.Id})";
    }
}
