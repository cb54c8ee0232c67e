using Tend.Model;
using Tend.Scheduling;

namespace Tend.Supervision;

/// <summary>
/// One job's supervision state, owned by the loop thread: its schedule, the runs going now, the
/// last result and the counters /metrics shows. A job is never restarted: each run is independent.
/// </summary>
public sealed class JobRuntime(JobSpec spec, JobScheduler scheduler)
{
    public JobSpec Spec { get; set; } = spec;
    public JobScheduler Scheduler { get; set; } = scheduler;
    public string Name => Spec.Name;

    /// <summary>When the schedule next fires; null when it never will again.</summary>
    public DateTimeOffset? NextRun { get; set; }

    /// <summary>Runs going now, by pid (more than one only with concurrency: allow).</summary>
    public Dictionary<int, JobRun> Running { get; } = [];

    /// <summary>concurrency: replace: a run is due once the ones being stopped have exited.</summary>
    public bool StartWhenStopped { get; set; }

    public JobResult? LastResult { get; set; }

    public long Successes { get; set; }
    public long Failures { get; set; }
    public long Timeouts { get; set; }
    public long Skipped { get; set; }

    /// <summary>Dropped by a reload: its running runs finish, none starts.</summary>
    public bool Removed { get; set; }
}

/// <summary>One run of a job, from spawn to reap; it keeps the spec it started with across a reload.</summary>
public sealed class JobRun(JobSpec spec, int pid, long startedMs, DateTimeOffset startedAt)
{
    public JobSpec Spec { get; } = spec;
    public int Pid { get; } = pid;
    public long StartedMs { get; } = startedMs;
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Monotonic ms of the run's next timer: its timeout, then (once stopping) the SIGKILL.</summary>
    public long DeadlineMs { get; set; } = long.MaxValue;

    public bool Stopping { get; set; }
    public bool TimedOut { get; set; }
}

public enum JobOutcome { Success, Failure, Timeout }

/// <summary>How a run ended: exit code or signal, when it started, how long it took.</summary>
public sealed record JobResult(JobOutcome Outcome, int? ExitCode, string? Signal, DateTimeOffset StartedAt, TimeSpan Duration);

/// <summary>A job as `tend ctl status` and /metrics show it.</summary>
public sealed record JobStatus(
    string Name,
    string Schedule,
    string? TimeZone,
    IReadOnlyList<int> RunningPids,
    JobResult? LastResult,
    DateTimeOffset? NextRun,
    long Successes,
    long Failures,
    long Timeouts,
    long Skipped);
