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
}

/// <summary>The backoff keys that were present; absent ones take the model's defaults.</summary>
internal sealed class BackoffDraft
{
    public Located<TimeSpan>? Initial { get; set; }
    public Located<TimeSpan>? Max { get; set; }
    public Located<TimeSpan>? Reset { get; set; }
}

/// <summary>Every program in declaration order, and where the list is (for the "no programs" warning).</summary>
internal sealed record ConfigDraft(IReadOnlyList<ProgramDraft> Programs, SourceLocation ProgramsAt);
