using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The rules every configuration keeps, whatever format it came from, checked on the model itself
/// after composition (the command after --, a crontab, s6's CMD): one set of names for programs and
/// jobs, at most one main program, dependencies that name programs, restart_with within depends_on,
/// a completed_successfully dependency that can complete, and no cycles. tend.yaml's draft rules
/// (<see cref="ConfigValidator"/>) say the same in the words of its keys, with every error of a bad
/// file at once; a supervisord.conf, a runit tree or an s6-overlay root cannot express most of
/// these, and their readers check what they can, so here the rules are the net that catches what a
/// reader or the composition let through before the supervisor would wait for ever on it.
/// </summary>
internal static class ModelRules
{
    public static void Check(TendConfig config, DiagnosticBag diagnostics)
    {
        CheckNames(config, diagnostics);
        CheckSingleMain(config, diagnostics);
        var programs = new Dictionary<string, ProgramSpec>(StringComparer.Ordinal);
        foreach (var p in config.Programs) programs.TryAdd(p.Name, p);
        foreach (var p in config.Programs)
        {
            CheckDependsOn(p, programs, diagnostics);
            CheckRestartWith(p, diagnostics);
        }
        foreach (var cycle in DependencyCycles.Find(config.Programs.Select(p => (p.Name, p.DependsOn.Select(d => d.Program))).ToList()))
        {
            var first = programs[cycle[0]];
            var at = first.DependsOn.FirstOrDefault(d => d.Program == cycle[1])?.DefinedAt ?? first.DefinedAt;
            diagnostics.Error(at, $"dependency cycle: {string.Join(" -> ", cycle)}",
                "programs in a cycle would wait for each other forever; remove one of these dependencies");
        }
    }

    private static void CheckNames(TendConfig config, DiagnosticBag diagnostics)
    {
        var named = config.Programs.Select(p => (p.Name, p.DefinedAt)).Concat(config.Jobs.Select(j => (j.Name, j.DefinedAt)));
        foreach (var (name, at, first) in UniqueNames.Repeats([], named))
            diagnostics.Error(at ?? first, $"the name '{name}' is used twice{(first is null || at is null ? "" : $" (first at {first})")}",
                "programs and jobs share one set of names: rename one of them");
    }

    private static void CheckSingleMain(TendConfig config, DiagnosticBag diagnostics)
    {
        var mains = config.Programs.Where(p => p.Main).ToList();
        if (mains.Count < 2) return;
        diagnostics.Error(mains[1].DefinedAt, $"more than one program is the main program: {string.Join(", ", mains.Select(p => p.Name))}",
            "only one program's exit can end the container; give the command after -- or mark one program main");
    }

    private static void CheckDependsOn(ProgramSpec p, Dictionary<string, ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dependency in p.DependsOn)
        {
            var at = dependency.DefinedAt ?? p.DefinedAt;
            if (dependency.Program == p.Name)
                diagnostics.Error(at, $"program '{p.Name}' depends on itself", $"remove '{p.Name}' from its dependencies");
            else if (!seen.Add(dependency.Program))
                continue; // a reader may reach one dependency by two paths (an s6 bundle and its member); once is enough
            else if (!programs.TryGetValue(dependency.Program, out var target))
                diagnostics.Error(at, $"program '{p.Name}' depends on '{dependency.Program}', which is not a program",
                    $"the programs are: {string.Join(", ", programs.Keys.Where(n => n != p.Name))}");
            else if (dependency.Condition == DependencyCondition.CompletedSuccessfully && !dependency.EvenIfFailed && target.Restart == RestartPolicy.Always)
                diagnostics.Error(at,
                    $"program '{p.Name}' waits for '{target.Name}' to complete successfully, but '{target.Name}' is restarted whenever it exits, so it would never complete",
                    $"let '{target.Name}' run once (restart: never or on-failure)");
        }
    }

    private static void CheckRestartWith(ProgramSpec p, DiagnosticBag diagnostics)
    {
        foreach (var name in p.RestartWith.Distinct(StringComparer.Ordinal))
        {
            if (p.DependsOn.Any(d => d.Program == name)) continue;
            diagnostics.Error(p.DefinedAt, $"program '{p.Name}' restarts with '{name}', which is not one of its dependencies",
                $"restart_with names programs this one depends on; add '{name}' to its dependencies");
        }
    }
}
