using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Rules about dependencies between programs: every name in depends_on is a program (and not the
/// program itself), restart_with only names dependencies, a completed_successfully dependency can
/// complete, and there are no cycles, which would leave every program in them waiting forever.
/// </summary>
internal static class DependencyValidator
{
    private static readonly RestartPolicy DefaultRestart = new ProgramSpec { Name = "", Command = [] }.Restart;

    public static void Validate(ConfigDraft config, DiagnosticBag diagnostics)
    {
        var programs = new Dictionary<string, ProgramDraft>(StringComparer.Ordinal);
        foreach (var p in config.Programs) programs.TryAdd(p.Name, p);
        var declared = new HashSet<string>(config.DeclaredNames, StringComparer.Ordinal);

        foreach (var p in config.Programs)
        {
            CheckDependsOn(p, config.DeclaredNames, declared, programs, diagnostics);
            CheckRestartWith(p, diagnostics);
        }
        CheckCycles(config.Programs, programs, diagnostics);
    }

    private static void CheckDependsOn(ProgramDraft p, IReadOnlyList<string> names, HashSet<string> declared,
        Dictionary<string, ProgramDraft> programs, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, condition) in p.DependsOn?.Value ?? [])
        {
            if (name.Value == p.Name)
            {
                diagnostics.Error(name.Location, $"program '{p.Name}' depends on itself", $"remove '{p.Name}' from its {ConfigKeys.DependsOn}");
                continue;
            }
            if (!seen.Add(name.Value))
            {
                diagnostics.Error(name.Location, $"program '{p.Name}' lists '{name.Value}' twice in {ConfigKeys.DependsOn}", "list each dependency once");
                continue;
            }
            if (!declared.Contains(name.Value))
            {
                diagnostics.Error(name.Location, $"program '{p.Name}' depends on '{name.Value}', which is not a program",
                    ProgramHint(name.Value, names.Where(n => n != p.Name).ToList()));
                continue;
            }
            if (condition.Value == DependencyCondition.CompletedSuccessfully
                && programs.TryGetValue(name.Value, out var target)
                && !target.RestartInvalid
                && (target.Restart?.Value ?? DefaultRestart) == RestartPolicy.Always)
            {
                diagnostics.Error(condition.Location,
                    $"program '{p.Name}' waits for '{name.Value}' to complete successfully, but '{name.Value}' has restart: always, so it would never complete",
                    $"use restart: never or on-failure on '{name.Value}'");
            }
        }
    }

    private static void CheckRestartWith(ProgramDraft p, DiagnosticBag diagnostics)
    {
        var dependencies = (p.DependsOn?.Value ?? []).Select(d => d.Name.Value).Distinct().ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in p.RestartWith?.Value ?? [])
        {
            if (!seen.Add(name.Value))
            {
                diagnostics.Error(name.Location, $"program '{p.Name}' lists '{name.Value}' twice in {ConfigKeys.RestartWith}", "list each program once");
                continue;
            }
            if (dependencies.Contains(name.Value)) continue;

            var suggestion = KeySuggester.Suggest(name.Value, dependencies);
            diagnostics.Error(name.Location, $"program '{p.Name}' restarts with '{name.Value}', which is not in its {ConfigKeys.DependsOn}",
                suggestion is not null
                    ? $"did you mean '{suggestion}'?"
                    : $"{ConfigKeys.RestartWith} names programs this one depends on; add '{name.Value}' to {ConfigKeys.DependsOn}");
        }
    }

    /// <summary>Each cycle is reported once, at the depends_on of its earliest-declared program.</summary>
    private static void CheckCycles(IReadOnlyList<ProgramDraft> drafts, Dictionary<string, ProgramDraft> programs, DiagnosticBag diagnostics)
    {
        var nodes = drafts.Select(p => (p.Name, (p.DependsOn?.Value ?? []).Select(d => d.Name.Value))).ToList();
        foreach (var cycle in DependencyCycles.Find(nodes))
        {
            var program = programs[cycle[0]];
            diagnostics.Error(program.DependsOnAt ?? program.DefinedAt, $"dependency cycle: {string.Join(" -> ", cycle)}",
                "programs in a cycle would wait for each other forever; remove one of these dependencies");
        }
    }

    private static string ProgramHint(string name, IReadOnlyList<string> candidates)
    {
        var suggestion = KeySuggester.Suggest(name, candidates);
        if (suggestion is not null) return $"did you mean '{suggestion}'?";
        return candidates.Count == 0
            ? "define it under 'programs:'"
            : $"the programs are: {string.Join(", ", candidates)}";
    }
}
