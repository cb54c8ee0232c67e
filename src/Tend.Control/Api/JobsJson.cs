using System.Text.Json;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>The "jobs" array of GET /v1/status: schedule, runs going, last result, next run (ISO 8601, UTC).</summary>
internal static class JobsJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<JobStatus> jobs)
    {
        w.WriteStartArray("jobs");
        foreach (var j in jobs)
        {
            w.WriteStartObject();
            w.WriteString("name", j.Name);
            w.WriteString("schedule", j.Schedule);
            if (j.TimeZone is { } zone) w.WriteString("timezone", zone);
            w.WriteStartArray("running_pids");
            foreach (var pid in j.RunningPids) w.WriteNumberValue(pid);
            w.WriteEndArray();
            if (j.LastResult is { } r)
            {
                w.WriteString("last_result", Outcome(r.Outcome));
                if (r.ExitCode is { } code) w.WriteNumber("last_exit_code", code);
                if (r.Signal is { } sig) w.WriteString("last_exit_signal", sig);
                w.WriteString("last_start", r.StartedAt.UtcDateTime);
                w.WriteNumber("last_duration_seconds", Math.Round(r.Duration.TotalSeconds, 3));
            }
            if (j.NextRun is { } next) w.WriteString("next_run", next.UtcDateTime);
            w.WriteNumber("successes", j.Successes);
            w.WriteNumber("failures", j.Failures);
            w.WriteNumber("timeouts", j.Timeouts);
            w.WriteNumber("skipped", j.Skipped);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static IReadOnlyList<JobStatus> Read(JsonElement root)
    {
        if (!root.TryGetProperty("jobs", out var jobs)) return [];
        return jobs.EnumerateArray().Select(j => new JobStatus(
            j.GetProperty("name").GetString()!,
            j.GetProperty("schedule").GetString()!,
            j.TryGetProperty("timezone", out var zone) ? zone.GetString() : null,
            j.GetProperty("running_pids").EnumerateArray().Select(p => p.GetInt32()).ToList(),
            j.TryGetProperty("last_result", out var result)
                ? new JobResult(
                    ParseOutcome(result.GetString()),
                    j.TryGetProperty("last_exit_code", out var code) ? code.GetInt32() : null,
                    j.TryGetProperty("last_exit_signal", out var sig) ? sig.GetString() : null,
                    j.GetProperty("last_start").GetDateTimeOffset(),
                    TimeSpan.FromSeconds(j.GetProperty("last_duration_seconds").GetDouble()))
                : null,
            j.TryGetProperty("next_run", out var next) ? next.GetDateTimeOffset() : null,
            j.GetProperty("successes").GetInt64(),
            j.GetProperty("failures").GetInt64(),
            j.GetProperty("timeouts").GetInt64(),
            j.GetProperty("skipped").GetInt64())).ToList();
    }

    public static string Outcome(JobOutcome o) => o switch
    {
        JobOutcome.Success => "success",
        JobOutcome.Timeout => "timeout",
        _ => "failure",
    };

    private static JobOutcome ParseOutcome(string? s) => s switch
    {
        "success" => JobOutcome.Success,
        "timeout" => JobOutcome.Timeout,
        _ => JobOutcome.Failure,
    };
}
