using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// What a reload changes: the programs the configuration read again adds, removes and changes,
/// against those in use (each one's pending spec when a reload is already under way). Pure, and
/// the only diff there is: SIGHUP and `tend ctl reload` apply it whole (<see cref="Supervisor.Reload"/>),
/// supervisorctl's reread reports it by group and its update applies it a group at a time.
/// </summary>
/// <param name="Added">In the new configuration only, in its order.</param>
/// <param name="Removed">Names of the programs in use that the new configuration lacks.</param>
/// <param name="Changed">In both, with a different spec (<see cref="SpecComparer.Same"/>): the new spec.</param>
/// <param name="Unchanged">Names of the programs in both with the same spec: never touched.</param>
public sealed record ReloadDiff(
    IReadOnlyList<ProgramSpec> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<ProgramSpec> Changed,
    IReadOnlyList<string> Unchanged)
{
    public static ReloadDiff Of(IReadOnlyList<ProgramSpec> inUse, IReadOnlyList<ProgramSpec> wanted)
    {
        var current = new Dictionary<string, ProgramSpec>(StringComparer.Ordinal);
        foreach (var s in inUse) current[s.Name] = s;
        var next = new HashSet<string>(wanted.Select(s => s.Name), StringComparer.Ordinal);
        var added = new List<ProgramSpec>();
        var changed = new List<ProgramSpec>();
        var unchanged = new List<string>();
        foreach (var spec in wanted)
        {
            if (!current.TryGetValue(spec.Name, out var now)) added.Add(spec);
            else if (SpecComparer.Same(now, spec)) unchanged.Add(spec.Name);
            else changed.Add(spec);
        }
        var removed = inUse.Where(s => !next.Contains(s.Name)).Select(s => s.Name).ToList();
        return new ReloadDiff(added, removed, changed, unchanged);
    }

    /// <summary>
    /// The same difference by group (supervisorctl's reread): a group is added or removed whole,
    /// and changed when its members or any member's spec differ.
    /// </summary>
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed) ByGroup(
        IReadOnlyList<ProgramSpec> inUse, IReadOnlyList<ProgramSpec> wanted, Func<ProgramSpec, string> groupOf)
    {
        var diff = Of(inUse, wanted);
        var touched = new HashSet<string>(diff.Added.Concat(diff.Changed).Select(s => s.Name).Concat(diff.Removed), StringComparer.Ordinal);
        var currentGroups = inUse.Select(groupOf).Distinct().ToList();
        var wantedGroups = wanted.Select(groupOf).Distinct().ToList();
        var added = wantedGroups.Where(g => !currentGroups.Contains(g)).ToList();
        var removed = currentGroups.Where(g => !wantedGroups.Contains(g)).ToList();
        var changed = wantedGroups.Where(g => currentGroups.Contains(g)
            && (!Members(inUse, g).SetEquals(Members(wanted, g)) || Members(wanted, g).Overlaps(touched))).ToList();
        return (added, changed, removed);

        HashSet<string> Members(IReadOnlyList<ProgramSpec> specs, string group) =>
            specs.Where(s => groupOf(s) == group).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
    }
}
