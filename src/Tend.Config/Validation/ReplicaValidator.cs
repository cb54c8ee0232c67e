namespace Tend.Config;

/// <summary>
/// Rules for <c>replicas</c> and <c>replica_name</c>: a count that is not negative, a name pattern
/// that tells the replicas apart and makes valid names, and no main program run several times
/// (whose exit would end the container?). Clashes of the names made with other programs' are the
/// model's (<see cref="ModelRules"/>), once the replicas exist.
/// </summary>
internal static class ReplicaValidator
{
    public static void Validate(ProgramDraft p, DiagnosticBag diagnostics)
    {
        if (p.Replicas is not { } replicas)
        {
            if (p.ReplicaName is { } orphan)
                diagnostics.Error(orphan.Location, $"program '{p.Name}' has {ConfigKeys.ReplicaName} but no {ConfigKeys.Replicas}",
                    $"add '{ConfigKeys.Replicas}: N' or remove '{ConfigKeys.ReplicaName}'");
            return;
        }
        if (replicas.Value < 0)
        {
            diagnostics.Error(replicas.Location, $"'{ConfigKeys.Replicas}' cannot be negative ({replicas.Value})", "use 1 or more (0 defines the program without running it)");
            return;
        }
        if (replicas.Value == 0)
            diagnostics.Warning(replicas.Location, $"program '{p.Name}' has {ConfigKeys.Replicas}: 0 and runs nothing", "use 1 or more, or autostart: false to define it without starting it");
        if (replicas.Value > 1 && p.Main is { Value: true } main)
            diagnostics.Error(main.Location, $"program '{p.Name}' is the main program and has {replicas.Value} replicas",
                "only one process's exit can end the container; use 'critical: true' for replicated programs");

        var pattern = p.ReplicaName?.Value ?? ReplicaNames.DefaultPattern;
        var at = p.ReplicaName?.Location ?? replicas.Location;
        if (ReplicaNames.UnknownPlaceholder(pattern) is { } unknown)
        {
            diagnostics.Error(at, $"unknown placeholder {unknown} in {ConfigKeys.ReplicaName} '{pattern}'", ReplicaNames.Rule);
            return;
        }
        if (replicas.Value > 1 && !ReplicaNames.HasNumber(pattern))
        {
            diagnostics.Error(at, $"{ConfigKeys.ReplicaName} '{pattern}' gives all {replicas.Value} replicas of '{p.Name}' the same name", ReplicaNames.Rule);
            return;
        }
        var sample = ReplicaNames.Name(pattern, p.Name, 0);
        if (!ProgramNames.IsValid(sample))
            diagnostics.Error(at, $"{ConfigKeys.ReplicaName} '{pattern}' makes the invalid program name '{sample}'", ProgramNames.Rule);
    }
}
