namespace Tend.Model;

/// <summary>
/// A command run once at shutdown (s6-overlay's /etc/cont-finish.d scripts): after every program
/// has stopped, one at a time in list order, each killed (SIGKILL) once Timeout has passed.
/// A failure is logged and the next one still runs; none of them changes the container's exit code.
/// </summary>
public sealed record ShutdownCommand
{
    /// <summary>For log lines ("cont-finish-10-flush").</summary>
    public required string Name { get; init; }

    /// <summary>argv, as for <see cref="ProgramSpec.Command"/>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>
    /// The whole environment of the command; null: Tend's (s6-overlay with S6_KEEP_ENV=0 gives a
    /// cont-finish.d script not run through with-contenv only its PATH).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where its output goes; null: Tend's console, prefixed with <see cref="Name"/>.</summary>
    public LogOutputSpec? Output { get; init; }

    /// <summary>Null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    public SourceLocation? DefinedAt { get; init; }
}
