using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A job as a batch/v1 CronJob: schedule (5 fields or an @hourly-style shorthand; a 6-field schedule
/// whose seconds field is 0 loses it), timeZone (from the job's timezone or CRON_TZ; without one, a
/// warning: Tend reads the schedule in local time), concurrencyPolicy, activeDeadlineSeconds from the
/// timeout. `@every` and other second-level schedules have no CronJob form: the exporter runs such a
/// job in a container under Tend's own scheduler instead (never at another rhythm).
/// </summary>
internal static class KubernetesCronJobs
{
    private static readonly HashSet<string> Shorthands =
        ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    public static YamlMap? From(JobSpec job, string image, string app, YamlMap header, Unmapped unmapped, KubernetesEnvironment vars)
    {
        var name = KubernetesNames.Label(job.Name);
        var schedule = Schedule(job.Schedule.Text, out var why);
        if (schedule is null)
        {
            unmapped.Note(header, job.Name, $"job {job.Name} is not exported: schedule \"{job.Schedule.Text}\" {why}");
            return null;
        }
        var doc = new YamlMap();
        void Note(string text) => unmapped.Note(doc, job.Name, text);
        if (why is not null) Note(why);
        doc.Add("apiVersion", "batch/v1").Add("kind", "CronJob");
        doc.Add("metadata", new YamlMap().Add("name", name).Add("labels", KubernetesExporter.Labels(app)));
        var spec = doc.Map("spec");
        spec.Add("schedule", schedule);
        if (job.TimeZone is { } zone) spec.Add("timeZone", zone);
        else
        {
            // Tend reads such a schedule in the container's local time; a CronJob without timeZone
            // fires in the controller's, and the two need not agree: say so rather than guess.
            var tz = job.Environment.TryGetValue("TZ", out var t) ? $" (its TZ={t} applies to the command, not the schedule)" : "";
            Note($"no timezone: Tend reads the schedule in the container's local time (TZ, /etc/localtime, else UTC), a CronJob without timeZone in the cluster controller's (UTC on most clusters){tz}; give the job a timezone (CRON_TZ in a crontab) to fix it");
        }
        spec.Add("concurrencyPolicy", job.Concurrency.ToString());
        var jobSpec = spec.Map("jobTemplate").Map("spec");
        if (job.Timeout is { } timeout) jobSpec.Add("activeDeadlineSeconds", KubernetesProbes.Seconds(timeout, "timeout", Note));
        var podSpec = jobSpec.Map("template").Map("spec");
        podSpec.Add("restartPolicy", "Never");
        podSpec.Add("terminationGracePeriodSeconds", KubernetesProbes.Seconds(job.StopTimeout, "stop_timeout", Note, minimum: 0));
        podSpec.Add("containers", new YamlSeq().Add(
            KubernetesContainers.Container(name, image, job.Command, job.Environment, job.WorkingDir, job.User, null, Note, vars)));
        if (job.StopSignal != Signals.SIGTERM) Note($"stop_signal {Signals.Name(job.StopSignal)}: Kubernetes stops containers with SIGTERM");
        return doc;
    }

    /// <summary>The schedule Kubernetes accepts, or null with the reason; a non-null reason with a schedule is a note.</summary>
    internal static string? Schedule(string schedule, out string? why)
    {
        why = null;
        var text = schedule.Trim();
        if (text.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            why = "(@every) has no CronJob equivalent; write it as 5 cron fields";
            return null;
        }
        if (text.StartsWith('@'))
        {
            if (Shorthands.Contains(text.ToLowerInvariant())) return text.ToLowerInvariant();
            why = "is not a shorthand Kubernetes knows";
            return null;
        }
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5) return string.Join(' ', fields);
        if (fields.Length == 6 && fields[0] is "0")
        {
            why = $"schedule \"{schedule}\": its seconds field (0) is dropped, CronJob schedules have minutes as the finest unit";
            return string.Join(' ', fields[1..]);
        }
        why = fields.Length == 6 ? "fires at seconds other than 0; CronJob schedules have minutes as the finest unit" : "has neither 5 nor 6 fields";
        return null;
    }
}
