using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// The order of starting and of a full stop. Programs start by ascending priority (and only once
/// their dependencies allow); a full stop is the reverse: a program is stopped once every program
/// of higher priority and every program that depends on it is down. Programs with no order between
/// them stop together. Pure.
/// </summary>
public static class StopPlan
{
    /// <summary>Start order: ascending priority, then declaration order.</summary>
    public static IReadOnlyList<ProgramSpec> StartOrder(IEnumerable<ProgramSpec> programs) =>
        programs.Select((p, i) => (p, i)).OrderBy(t => t.p.Priority).ThenBy(t => t.i).Select(t => t.p).ToList();

    /// <summary>Whether <paramref name="program"/> may be asked to stop while <paramref name="stillUp"/> are not yet down.</summary>
    public static bool CanStop(ProgramSpec program, IEnumerable<ProgramSpec> stillUp) =>
        stillUp.All(other => other.Name == program.Name || !MustStopFirst(other, program));

    /// <summary>Dependents stop before their dependencies; otherwise higher priorities stop first.</summary>
    private static bool MustStopFirst(ProgramSpec other, ProgramSpec program)
    {
        if (DependsOn(other, program.Name)) return true;
        if (DependsOn(program, other.Name)) return false;
        return other.Priority > program.Priority;
    }

    private static bool DependsOn(ProgramSpec p, string name) => p.DependsOn.Any(d => d.Program == name);
}
