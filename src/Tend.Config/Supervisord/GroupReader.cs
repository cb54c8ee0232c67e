namespace Tend.Config.Supervisord;

/// <summary>
/// [group:x] sections: which group each listed program belongs to. Tend runs each program once,
/// so a program listed in two groups is an error (supervisord would run it twice, once per group).
/// A group's priority is not kept: Tend orders start and stop by each program's own priority.
/// </summary>
internal static class GroupReader
{
    /// <summary>Program name → group name, for the programs listed in some [group:x].</summary>
    public static Dictionary<string, string> Read(IniDocument document, IReadOnlyDictionary<string, object> names, DiagnosticBag diagnostics)
    {
        var membership = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in document.Sections.Where(s => s.Name.StartsWith(SupervisordKeys.GroupPrefix, StringComparison.Ordinal)))
        {
            var groupName = section.Name[SupervisordKeys.GroupPrefix.Length..].Trim();
            if (!SupervisordReader.CheckSectionName(section, groupName, diagnostics)) continue;
            var v = new SectionValues(section, names, diagnostics);
            var programs = v.String("programs");
            _ = v.Int("priority");
            v.NotHonoured("priority", "Tend starts and stops programs by their own priority=; set it on each [program:x]");
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
        return membership;
    }
}
