namespace Tend.Model;

/// <summary>
/// A scheduled job (tend.yaml `jobs:`, or one line of a crontab file): a command run to completion
/// each time its schedule comes due. Jobs are not programs: they are never restarted, do not count
/// in Tend's health answer and do not keep the container alive. Immutable, like <see cref="ProgramSpec"/>.
/// </summary>
public sealed record JobSpec
{
    /// <summary>Unique among programs and jobs; used in log prefixes and `tend ctl run-job NAME`.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The schedule: 5 or 6 cron fields (6: seconds first), 7 (seconds first, year last),
    /// `@hourly`-style shorthands, or `@every 30s` (see Tend.Scheduling.JobSchedule), parsed when the
    /// configuration was read. A crontab's 6-field line (cronexpr's: year last) is stored as 7 fields
    /// with second 0, so its text reads the same in tend.yaml.
    /// </summary>
    public required IJobSchedule Schedule { get; init; }

    /// <summary>argv, as for <see cref="ProgramSpec.Command"/> (a crontab line becomes ["/bin/sh", "-c", line]).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Variables added to (or overriding) Tend's own environment, as for programs.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDir { get; init; }

    /// <summary>User name or numeric uid to run as; only honoured when Tend runs as root.</summary>
    public string? User { get; init; }

    /// <summary>Where <see cref="User"/> was written (a crontab line's user field), so an unknown name is reported there.</summary>
    public SourceLocation? UserAt { get; init; }

    /// <summary>IANA time zone the schedule is read in (`Europe/Paris`); null: UTC, as in most containers.</summary>
    public string? TimeZone { get; init; }

    /// <summary>A run still going after this is stopped like a program (StopSignal, then SIGKILL after StopTimeout); null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What happens when a run is due while the previous one is still going.</summary>
    public JobConcurrency Concurrency { get; init; } = JobConcurrency.Forbid;

    public int StopSignal { get; init; } = Signals.SIGTERM;

    /// <summary>Also how long shutdown waits for a running job before killing it.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Prefix each output line with the job name.</summary>
    public bool LogPrefix { get; init; } = true;

    /// <summary>Where the job was defined ("tend.yaml:30:3", "crontab:4").</summary>
    public SourceLocation? DefinedAt { get; init; }
}

/// <summary>The overlap policy of a job (Kubernetes CronJob's concurrencyPolicy, in lower case).</summary>
public enum JobConcurrency
{
    /// <summary>A run due while one is going is skipped, and the skip is logged (the default).</summary>
    Forbid,

    /// <summary>Runs may overlap.</summary>
    Allow,

    /// <summary>The running one is stopped and the new one started.</summary>
    Replace,
}
