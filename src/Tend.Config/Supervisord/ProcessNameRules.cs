using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Rules Tend adds over supervisord's: supervisord tells processes apart by group:name, Tend by
/// name alone, so names must be unique across groups (<see cref="UniqueNames"/>); names follow <see cref="ProgramNames"/>;
/// and only one program may set tend_main.
/// </summary>
internal static class ProcessNameRules
{
    public static void Check(IReadOnlyList<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        foreach (var p in programs)
        {
            if (!ProgramNames.HasValidSyntax(p.Name))
                diagnostics.Error(p.DefinedAt, $"invalid process name '{p.Name}'", ProgramNames.Rule);
            else if (ProgramNames.IsReserved(p.Name))
                diagnostics.Error(p.DefinedAt, $"the process name '{p.Name}' is reserved", "Tend uses 'tend' for its own log lines; set another process_name");
        }
        UniqueNames.CheckProcesses(programs, diagnostics);
        var mains = programs.Where(p => p.Main).ToList();
        if (mains.Count > 1)
        {
            diagnostics.Error(mains[1].DefinedAt, $"more than one program sets tend_main=true: {string.Join(", ", mains.Select(p => p.Name))}",
                "only one program's exit can end the container; use tend_critical=true for the others");
        }
    }
}
