namespace Tend.Config.Supervisord;

/// <summary>
/// [group:x] sections: which group each listed program belongs to. Tend runs each program once,
/// so a program listed in two groups is an error (supervisord would run it twice, once per group).
/// A group's priority (999 when not given, as in supervisord) is what orders its members among
/// the other groups: see <see cref="GroupPriority"/>.
/// </summary>
internal static class GroupReader
{
    public const int DefaultPriority = 999;

    /// <summary>Program name → group name, for the programs listed in some [group:x]; group name → its priority.</summary>
    public static (Dictionary<string, string> Membership, Dictionary<string, int> Priorities) Read(IniDocument document,
        IReadOnlyDictionary<string, object> names, DiagnosticBag diagnostics)
    {
        var membership = new Dictionary<string, string>(StringComparer.Ordinal);
        var priorities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in document.Sections.Where(s => s.Name.StartsWith(SupervisordKeys.GroupPrefix, StringComparison.Ordinal)))
        {
            var groupName = section.Name[SupervisordKeys.GroupPrefix.Length..].Trim();
            if (!SupervisordReader.CheckSectionName(section, groupName, diagnostics)) continue;
            var v = new SectionValues(section, names, diagnostics);
            var programs = v.String("programs");
            priorities[groupName] = v.Int("priority") ?? DefaultPriority;
            v.ReportUnknownKeys(SupervisordKeys.Group);
            if (programs is null)
            {
                if (section.Get("programs") is null)
                    v.Error(section.Location, $"[{section.Name}] has no programs", "add programs=, e.g. programs=nginx,php-fpm");
                continue;
            }
            var at = section.Get("programs")!.Location;
            foreach (var program in programs.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                if (document.Find(SupervisordKeys.ProgramPrefix + program) is null)
                {
                    var hint = document.Find(SupervisordKeys.FcgiProgramPrefix + program) is not null
                        ? "Tend does not support [fcgi-program:x]"
                        : "list the names of [program:x] sections";
                    v.Error(at, $"[{section.Name}] names unknown program '{program}'", hint);
                }
                else if (membership.TryGetValue(program, out var other))
                {
                    v.Error(at, $"program '{program}' is already in [group:{other}]", "Tend runs each program once, so it can belong to one group only");
                }
                else
                {
                    membership[program] = groupName;
                }
            }
        }
        return (membership, priorities);
    }
}
