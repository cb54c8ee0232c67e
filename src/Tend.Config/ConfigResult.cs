using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Outcome of loading a configuration: the config (null as soon as there is one error, so a broken
/// file can never be half-applied) and every diagnostic found, sorted by position.
/// </summary>
public sealed record ConfigResult(TendConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
