using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Collects diagnostics from every step so that all problems are reported in one run instead of
/// making the user fix them one at a time.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>
    /// What was reported already. A node a YAML alias repeats (<c>forward_signals: *signals</c> in
    /// three programs) is read once per use, at one location: its error is said once, not three times.
    /// </summary>
    private readonly HashSet<Diagnostic> _seen = [];

    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);

    /// <summary>How many distinct errors so far: a reader compares it before and after to know whether its part failed.</summary>
    public int ErrorCount => _items.Count(d => d.Severity == Severity.Error);

    public void Error(SourceLocation? at, string message, string hint) =>
        Add(new Diagnostic(Severity.Error, at, message, hint));

    public void Warning(SourceLocation? at, string message, string hint) =>
        Add(new Diagnostic(Severity.Warning, at, message, hint));

    private void Add(Diagnostic diagnostic)
    {
        if (_seen.Add(diagnostic)) _items.Add(diagnostic);
    }

    /// <summary>In file order (stable for equal positions), which is how people fix them.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList() =>
        _items
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location?.Line ?? 0)
            .ThenBy(x => x.d.Location?.Column ?? 0)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
}
