namespace Tend.Config;

/// <summary>
/// Rules for <c>groups:</c>: a plain name (it is addressed as <c>NAME:*</c>), at least one member,
/// members that are programs of this file, and each program in one group at most (Tend runs each
/// program once, where supervisord would run one listed in two groups twice).
/// </summary>
internal static class GroupValidator
{
    public static void Validate(ConfigDraft config, DiagnosticBag diagnostics)
    {
        var declared = new HashSet<string>(config.DeclaredNames, StringComparer.Ordinal);
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in config.Groups)
        {
            if (!ProgramNames.HasValidSyntax(group.Name))
                diagnostics.Error(group.DefinedAt, $"invalid group name '{group.Name}'", ProgramNames.Rule);
            if (group.Programs is not { } programs)
            {
                diagnostics.Error(group.DefinedAt, $"group '{group.Name}' has no programs", $"add '{ConfigKeys.GroupPrograms}: [NAME, ...]'");
                continue;
            }
            if (programs.Value.Count == 0)
                diagnostics.Error(programs.Location, $"group '{group.Name}' has no programs", "list at least one program");
            foreach (var member in programs.Value)
            {
                if (!declared.Contains(member.Value))
                {
                    diagnostics.Error(member.Location, $"group '{group.Name}' names '{member.Value}', which is not a program",
                        KeySuggester.Suggest(member.Value, config.DeclaredNames) is { } close ? $"did you mean '{close}'?" : "list the names of programs under 'programs:'");
                }
                else if (!memberOf.TryAdd(member.Value, group.Name))
                {
                    diagnostics.Error(member.Location, $"program '{member.Value}' is already in group '{memberOf[member.Value]}'",
                        "Tend runs each program once, so it can belong to one group only");
                }
            }
        }
    }
}
