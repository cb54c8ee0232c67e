using Tend.Logging;

namespace Tend.Supervision;

public sealed record SupervisorOptions
{
    public required LogMux Logs { get; init; }

    /// <summary>After the programs have stopped, how long leftover processes get between TERM and KILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Tend's environment, the base of every program's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
