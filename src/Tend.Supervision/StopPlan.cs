using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// The order of a full stop: reverse start order. Programs start by ascending priority, so they stop
/// by descending priority; programs of equal priority have no order between them and stop together,
/// in one wave. Pure.
/// </summary>
public static class StopPlan
{
    public static IReadOnlyList<IReadOnlyList<string>> Waves(IEnumerable<ProgramSpec> programs) =>
        programs.GroupBy(p => p.Priority)
            .OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<string>)g.Select(p => p.Name).ToList())
            .ToList();

    /// <summary>Start order: ascending priority, then declaration order.</summary>
    public static IReadOnlyList<ProgramSpec> StartOrder(IEnumerable<ProgramSpec> programs) =>
        programs.Select((p, i) => (p, i)).OrderBy(t => t.p.Priority).ThenBy(t => t.i).Select(t => t.p).ToList();
}
