using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// supervisord starts and stops groups, not programs: groups in ascending priority (a program
/// outside any [group:x] is a group of its own, with its own priority), and within a group its
/// members by their own priority, all without waiting; a full stop takes the groups in reverse, a
/// group at a time. Tend orders by each program's priority, so a member of a [group:x] gets its
/// group's priority (999 when the group sets none, whatever its members say, as in supervisord),
/// and the members are laid out in the order of their own priorities: equal priorities start in
/// list order and stop together, which is supervisord's order within a group.
/// </summary>
internal static class GroupPriority
{
    public static List<ProgramSpec> Apply(List<ProgramSpec> programs, IReadOnlyDictionary<string, int> groupPriorities)
    {
        if (groupPriorities.Count == 0) return programs;
        var result = programs.ToList();
        foreach (var (group, priority) in groupPriorities)
        {
            var slots = Enumerable.Range(0, result.Count).Where(i => result[i].EventListener is null && result[i].ProgramGroup == group).ToList();
            var members = slots.Select(i => result[i]).OrderBy(p => p.Priority).ToList(); // stable: equal priorities keep file order
            for (var k = 0; k < slots.Count; k++) result[slots[k]] = members[k] with { Priority = priority };
        }
        return result;
    }
}
