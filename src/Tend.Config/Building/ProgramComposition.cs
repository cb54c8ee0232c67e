using System.Globalization;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The part of composing a tend.yaml that turns one written program into what runs: a program with
/// <c>replicas: N</c> becomes N programs (named by <see cref="ReplicaNames"/>, each told its number
/// in TEND_REPLICA (not the count: scaling up by a reload then starts the new replicas and restarts
/// none of the others), a group of their own as supervisord's numprocs
/// makes), a dependency on it a dependency on every replica; and <c>groups:</c> gives each member its
/// group, and a group's priority to all its members, laid out as supervisord's [group:x] does
/// (<see cref="Supervisord.GroupPriority"/>, the same code).
/// </summary>
internal static class ProgramComposition
{
    public static List<ProgramSpec> Compose(ConfigDraft config, IReadOnlyList<(ProgramDraft Draft, ProgramSpec Spec)> programs)
    {
        var membership = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in config.Groups)
            foreach (var member in group.Programs?.Value ?? [])
                membership.TryAdd(member.Value, group.Name);

        var replicaNames = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var expanded = new List<ProgramSpec>();
        foreach (var (draft, spec) in programs)
        {
            var grouped = membership.TryGetValue(spec.Name, out var groupName) ? spec with { ProgramGroup = groupName } : spec;
            if (draft.Replicas is not { } replicas)
            {
                expanded.Add(grouped);
                continue;
            }
            var pattern = draft.ReplicaName?.Value ?? ReplicaNames.DefaultPattern;
            var names = Enumerable.Range(0, replicas.Value).Select(n => ReplicaNames.Name(pattern, spec.Name, n)).ToList();
            replicaNames[spec.Name] = names;
            for (var n = 0; n < names.Count; n++)
            {
                var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal)
                {
                    [ReplicaNames.NumberVariable] = n.ToString(CultureInfo.InvariantCulture),
                };
                expanded.Add(grouped with { Name = names[n], Environment = environment, ProgramGroup = groupName ?? spec.Name });
            }
        }

        if (replicaNames.Count > 0) expanded = expanded.Select(p => WithReplicaDependencies(p, replicaNames)).ToList();
        var priorities = config.Groups.Where(g => g.Priority is not null).ToDictionary(g => g.Name, g => g.Priority!.Value, StringComparer.Ordinal);
        return Supervisord.GroupPriority.Apply(expanded, priorities);
    }

    /// <summary>depends_on and restart_with naming a replicated program name every replica.</summary>
    private static ProgramSpec WithReplicaDependencies(ProgramSpec p, Dictionary<string, List<string>> replicaNames) => p with
    {
        DependsOn = p.DependsOn.SelectMany(d => replicaNames.TryGetValue(d.Program, out var names)
            ? names.Select(n => d with { Program = n })
            : [d]).ToList(),
        RestartWith = p.RestartWith.SelectMany(r => replicaNames.TryGetValue(r, out var names) ? names : [r]).ToList(),
    };
}
