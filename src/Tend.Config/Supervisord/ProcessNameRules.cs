using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Rules Tend adds over supervisord's: supervisord tells processes apart by group:name, Tend by
/// name alone, so names must be unique across groups; names follow <see cref="ProgramNames"/>;
/// and only one program may set tend_main.
/// </summary>
internal static class ProcessNameRules
{
    public static void Check(IReadOnlyList<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, ProgramSpec>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            if (!ProgramNames.HasValidSyntax(p.Name))
                diagnostics.Error(p.DefinedAt, $"invalid process name '{p.Name}'", ProgramNames.Rule);
            else if (ProgramNames.IsReserved(p.Name))
                diagnostics.Error(p.DefinedAt, $"the process name '{p.Name}' is reserved", "Tend uses 'tend' for its own log lines; set another process_name");
            if (seen.TryGetValue(p.Name, out var first))
            {
                diagnostics.Error(p.DefinedAt, $"the process name '{p.Name}' is also used at {first.DefinedAt}",
                    "Tend needs unique process names, even across groups; change process_name");
            }
            else
            {
                seen[p.Name] = p;
            }
        }
        var mains = programs.Where(p => p.Main).ToList();
        if (mains.Count > 1)
        {
            diagnostics.Error(mains[1].DefinedAt, $"more than one program sets tend_main=true: {string.Join(", ", mains.Select(p => p.Name))}",
                "only one program's exit can end the container; use tend_critical=true for the others");
        }
    }
}
