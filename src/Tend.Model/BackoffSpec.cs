namespace Tend.Model;

/// <summary>
/// Delay before retrying a program that failed to start: Initial, doubled per failure, capped at Max.
/// The failure count resets once the program has stayed up for Reset (default: as soon as it
/// reaches RUNNING, i.e. after start_seconds).
/// </summary>
public sealed record BackoffSpec
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Uptime after which the failure count resets; null means on reaching RUNNING.</summary>
    public TimeSpan? Reset { get; init; }
}
