using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Programs and jobs share one set of names: logs, `tend ctl`, metrics and the supervisorctl and sv
/// faces name them alike. This is the one rule for every format (tend.yaml's jobs, a crontab,
/// supervisord's process names, runit and s6-overlay service directories); each format says the
/// problem in the words of what its user can change (a job name, a process_name, a directory).
/// </summary>
internal static class UniqueNames
{
    /// <summary>
    /// Each entry of <paramref name="added"/> whose name is already taken, by <paramref name="known"/>
    /// or by an earlier entry, with where it was first taken.
    /// </summary>
    public static IEnumerable<(string Name, SourceLocation? At, SourceLocation? First)> Repeats(
        IEnumerable<(string Name, SourceLocation? At)> known, IEnumerable<(string Name, SourceLocation? At)> added)
    {
        var seen = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
        foreach (var (name, at) in known) seen.TryAdd(name, at);
        foreach (var (name, at) in added)
        {
            if (seen.TryGetValue(name, out var first)) yield return (name, at, first);
            else seen[name] = at;
        }
    }

    /// <summary>Jobs (tend.yaml's and a crontab's) against the programs and each other.</summary>
    public static void CheckJobs(IEnumerable<(string Name, SourceLocation? At)> programs, IEnumerable<(string Name, SourceLocation? At)> jobs, DiagnosticBag diagnostics)
    {
        foreach (var (name, at, first) in Repeats(programs, jobs))
            diagnostics.Error(at, $"the name '{name}' is used twice{(first is null ? "" : $" (first at {first})")}",
                "programs and jobs share one set of names: rename one of them");
    }

    /// <summary>Names made from directory and file names (a "web-log" service next to web's logger, say).</summary>
    public static void CheckServiceDirs(IEnumerable<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        foreach (var (name, at, _) in Repeats([], programs.Select(p => (p.Name, p.DefinedAt))))
            diagnostics.Error(at, $"two programs would be named '{name}'",
                "rename one of the directories; a service's logger is named SERVICE-log");
    }

    /// <summary>supervisord tells processes apart by group:name, Tend by name alone: unique across groups.</summary>
    public static void CheckProcesses(IEnumerable<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        foreach (var (name, at, first) in Repeats([], programs.Select(p => (p.Name, p.DefinedAt))))
            diagnostics.Error(at, $"the process name '{name}' is also used at {first}",
                "Tend needs unique process names, even across groups; change process_name");
    }
}
