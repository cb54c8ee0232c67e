using Tend.Model;

namespace Tend.Config;

/// <summary>
/// One program as written: only the keys that were present (and valid), each with its location.
/// Kept apart from <see cref="ProgramSpec"/> so validation can point at the offending value and
/// defaults stay defined in one place, the model.
/// </summary>
internal sealed class ProgramDraft(string name, SourceLocation definedAt)
{
    public string Name { get; } = name;
    public SourceLocation DefinedAt { get; } = definedAt;

    /// <summary>Where the command value is, when the key is present at all (even if invalid).</summary>
    public SourceLocation? CommandAt { get; set; }

    public Located<IReadOnlyList<string>>? Command { get; set; }
    public Located<IReadOnlyDictionary<string, string>>? Environment { get; set; }

    /// <summary>The variables of the env_file files, merged in order; laid under Environment once every key is read.</summary>
    public Located<IReadOnlyDictionary<string, string>>? EnvFile { get; set; }
    public Located<string>? WorkingDir { get; set; }
    public Located<string>? User { get; set; }
    public Located<string>? Group { get; set; }
    public Located<int>? Umask { get; set; }
    public Located<RestartPolicy>? Restart { get; set; }
    public Located<IReadOnlyList<Located<int>>>? ExitCodes { get; set; }
    public Located<TimeSpan>? StartSeconds { get; set; }
    public Located<int>? StartRetries { get; set; }
    public BackoffDraft? Backoff { get; set; }
    public Located<int>? StopSignal { get; set; }
    public Located<TimeSpan>? StopTimeout { get; set; }
    public Located<int>? Priority { get; set; }
    public Located<bool>? Main { get; set; }
    public Located<bool>? Critical { get; set; }
    public Located<bool>? AutoStart { get; set; }
    public Located<bool>? LogPrefix { get; set; }
    public Located<IReadOnlyList<Located<int>>>? ForwardSignals { get; set; }

    /// <summary>True when restart was written but its value was invalid (reported), so its effective value is unknown.</summary>
    public bool RestartInvalid { get; set; }

    /// <summary>Where the depends_on key is, for errors about the program's dependencies as a whole (cycles).</summary>
    public SourceLocation? DependsOnAt { get; set; }

    /// <summary>The valid entries; an invalid one is reported and left out so the others are still checked.</summary>
    public Located<IReadOnlyList<DependencyDraft>>? DependsOn { get; set; }
    public Located<OnDependencyFailure>? OnDependencyFailure { get; set; }
    public Located<IReadOnlyList<Located<string>>>? RestartWith { get; set; }
    public ProbeDraft? Readiness { get; set; }
    public ProbeDraft? Liveness { get; set; }
    public ProbeDraft? Startup { get; set; }

    /// <summary>'ready_log_line:': the regular expression, already checked to compile.</summary>
    public Located<string>? ReadyLogLine { get; set; }
    public Located<bool>? CountsForHealth { get; set; }
    public Located<bool>? SdNotify { get; set; }

    /// <summary>'sockets:': listening sockets held across restarts.</summary>
    public Located<IReadOnlyList<ListenSocketSpec>>? Sockets { get; set; }

    /// <summary>'persistent:': directories that outlive the container (for export).</summary>
    public Located<IReadOnlyList<string>>? Persistent { get; set; }
    public LogOutputDraft? Stdout { get; set; }
    public LogOutputDraft? Stderr { get; set; }
    public Located<bool>? MergeStderr { get; set; }
    public Located<bool>? StopAsGroup { get; set; }
    public Located<bool>? KillAsGroup { get; set; }
    public Located<int>? Replicas { get; set; }
    public Located<string>? ReplicaName { get; set; }
    public Located<ResourceLimits>? Limits { get; set; }
    public Located<IReadOnlyList<RlimitSpec>>? Rlimits { get; set; }
    public Located<int>? OomScoreAdj { get; set; }
}

/// <summary>
/// A program's <c>stdout:</c> or <c>stderr:</c> as written. Console holds the word written
/// (<c>stdout</c>, <c>stderr</c> or <c>none</c>); absent, the stream goes to Tend's stream of the same name.
/// </summary>
internal sealed class LogOutputDraft(string key, SourceLocation definedAt)
{
    /// <summary>"stdout" or "stderr": the program stream this is about.</summary>
    public string Key { get; } = key;
    public SourceLocation DefinedAt { get; } = definedAt;
    public Located<string>? Console { get; set; }
    public Located<string>? File { get; set; }
    public Located<long>? MaxSize { get; set; }
    public Located<int>? Backups { get; set; }
}

/// <summary>One entry under 'groups:': its member programs (as written) and its priority.</summary>
internal sealed record GroupDraft(string Name, SourceLocation DefinedAt)
{
    public Located<IReadOnlyList<Located<string>>>? Programs { get; init; }
    public Located<int>? Priority { get; init; }
}

/// <summary>
/// One depends_on entry. Name is located at the program name as written; Condition at the condition
/// value, or at the name when the condition is implied (list form: started).
/// </summary>
internal sealed record DependencyDraft(Located<string> Name, Located<DependencyCondition> Condition);

/// <summary>
/// A readiness or liveness probe as written. Checks lists every check key present (exec, http, tcp),
/// valid or not, so validation can require exactly one without repeating a value error.
/// </summary>
internal sealed class ProbeDraft(string key, SourceLocation definedAt)
{
    /// <summary>"readiness", "liveness" or "startup".</summary>
    public string Key { get; } = key;
    public SourceLocation DefinedAt { get; } = definedAt;

    /// <summary>Each check key written, located at the key.</summary>
    public List<Located<ProbeKind>> Checks { get; } = [];

    public Located<IReadOnlyList<string>>? Exec { get; set; }
    public Located<string>? Url { get; set; }
    public Located<string>? Address { get; set; }
    public Located<TimeSpan>? Interval { get; set; }
    public Located<TimeSpan>? Timeout { get; set; }
    public Located<TimeSpan>? InitialDelay { get; set; }
    public Located<int>? FailureThreshold { get; set; }
    public Located<int>? SuccessThreshold { get; set; }
    public Located<bool>? InsecureSkipVerify { get; set; }
}

/// <summary>The backoff keys that were present; absent ones take the model's defaults.</summary>
internal sealed class BackoffDraft
{
    public Located<TimeSpan>? Initial { get; set; }
    public Located<TimeSpan>? Max { get; set; }
    public Located<TimeSpan>? Reset { get; set; }
}

/// <summary>Every program in declaration order, and where the list is (for the "no programs" warning).</summary>
internal sealed record ConfigDraft(IReadOnlyList<ProgramDraft> Programs, SourceLocation ProgramsAt)
{
    /// <summary>
    /// Every program name under 'programs', including those whose settings could not be read, so a
    /// dependency on one of them is not reported a second time as undefined.
    /// </summary>
    public IReadOnlyList<string> DeclaredNames { get; init; } = [];

    public Located<string>? Socket { get; init; }
    public Located<string>? Http { get; init; }
    public Located<HttpCredentials>? HttpAuth { get; init; }

    /// <summary>The jobs under 'jobs:', in declaration order.</summary>
    public IReadOnlyList<JobDraft> Jobs { get; init; } = [];

    /// <summary>'crontab: FILE', as written (relative to the YAML file's directory).</summary>
    public Located<string>? Crontab { get; init; }

    /// <summary>'crontab_dialect: cron|supercronic', how the crontab file is read (supercronic when absent).</summary>
    public Located<string>? CrontabDialect { get; init; }

    /// <summary>Jobs read from crontab files (already checked line by line), for the name checks.</summary>
    public IReadOnlyList<JobSpec> CrontabJobs { get; init; } = [];

    public Located<long>? LogBuffer { get; init; }

    /// <summary>The groups under 'groups:', in declaration order.</summary>
    public IReadOnlyList<GroupDraft> Groups { get; init; } = [];
}
