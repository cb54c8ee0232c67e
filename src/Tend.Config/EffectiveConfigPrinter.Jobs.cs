using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;
using Tend.Scheduling;

namespace Tend.Config;

/// <summary>The jobs part of `tend check`: every effective value, and when each will next run.</summary>
public static partial class EffectiveConfigPrinter
{
    private static void PrintJobs(YamlMap root, IReadOnlyList<JobSpec> jobs, DateTimeOffset now)
    {
        if (jobs.Count == 0) return;
        root.Comment($"{jobs.Count} job{(jobs.Count == 1 ? "" : "s")}; next runs computed from {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (@every counts from Tend's start)");
        var map = root.Map("jobs");
        foreach (var j in jobs)
        {
            var m = new YamlMap();
            m.Add(new YamlMap.Entry("schedule", Value(j.Schedule.Text), null) { Trailing = $"next run: {NextRun(j, now)}" });
            m.Add("command", Words(j.Command));
            m.Add("environment", EnvironmentMap(j.Environment));
            OrNull(m, "working_dir", j.WorkingDir, "Tend's working directory");
            OrNull(m, "user", j.User, "Tend's user");
            OrNull(m, "timezone", j.TimeZone, $"local time: {TimeZoneInfo.Local.Id} (TZ, else /etc/localtime)");
            if (j.Timeout is { } t) m.Add("timeout", Duration(t));
            else Null(m, "timeout", "no limit");
            m.Add("concurrency", AsIs(j.Concurrency.ToString().ToLowerInvariant()));
            m.Add("stop_signal", AsIs(Signal(j.StopSignal)));
            m.Add("stop_timeout", Duration(j.StopTimeout));
            m.Add("log_prefix", AsIs(Bool(j.LogPrefix)));
            map.Add(new YamlMap.Entry(Name(j.Name), m, null) { KeyAsIs = true, Trailing = DefinedAt(j.DefinedAt) });
        }
    }

    private static string NextRun(JobSpec j, DateTimeOffset now)
    {
        if (j.Schedule is RebootSchedule) return "once, when Tend starts";
        if (!TimeZones.TryFind(j.TimeZone, out var zone, out var error)) return error;
        if (j.Schedule.NextAfter(now, zone, now) is not { } next) return "never (the years listed have passed)";
        var local = TimeZoneInfo.ConvertTime(next, zone);
        var text = local.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        return zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC" ? text : $"{text} ({zone.Id})";
    }
}
