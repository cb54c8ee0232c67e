using Tend.Model;

namespace Tend.Config.Crontab;

/// <summary>Programs and jobs share one namespace: logs, `tend ctl` and metrics name them alike.</summary>
internal static class NameRules
{
    public static void CheckUnique(IEnumerable<(string Name, SourceLocation? At)> programs, IEnumerable<(string Name, SourceLocation? At)> jobs, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
        foreach (var (name, at) in programs) seen.TryAdd(name, at);
        foreach (var (name, at) in jobs)
        {
            if (seen.TryGetValue(name, out var first))
            {
                diagnostics.Error(at, $"the name '{name}' is used twice{(first is null ? "" : $" (first at {first})")}",
                    "programs and jobs share one set of names: rename one of them");
                continue;
            }
            seen[name] = at;
        }
    }
}
