namespace Tend.Model;

/// <summary>The whole configuration: every program, in declaration order.</summary>
public sealed record TendConfig
{
    public IReadOnlyList<ProgramSpec> Programs { get; init; } = [];

    /// <summary>The file it was read from, if any.</summary>
    public string? Source { get; init; }
}
