using Tend.Model;
using Tend.Scheduling;

namespace Tend.Config;

/// <summary>One job under 'jobs:' as read: only the keys that were present, each with its location.</summary>
internal sealed class JobDraft(string name, SourceLocation definedAt)
{
    public string Name { get; } = name;
    public SourceLocation DefinedAt { get; } = definedAt;

    public Located<JobSchedule>? Schedule { get; set; }

    /// <summary>Set when the key was written, valid or not (an invalid one is reported once, where it is).</summary>
    public SourceLocation? ScheduleAt { get; set; }
    public Located<IReadOnlyList<string>>? Command { get; set; }
    public SourceLocation? CommandAt { get; set; }
    public Located<IReadOnlyDictionary<string, string>>? Environment { get; set; }

    /// <summary>The variables of the env_file files, merged in order; laid under Environment once every key is read.</summary>
    public Located<IReadOnlyDictionary<string, string>>? EnvFile { get; set; }
    public Located<string>? User { get; set; }
    public Located<string>? WorkingDir { get; set; }
    public Located<TimeSpan>? Timeout { get; set; }
    public Located<string>? TimeZone { get; set; }
    public Located<JobConcurrency>? Concurrency { get; set; }
    public Located<int>? StopSignal { get; set; }
    public Located<TimeSpan>? StopTimeout { get; set; }
    public Located<bool>? LogPrefix { get; set; }
}
