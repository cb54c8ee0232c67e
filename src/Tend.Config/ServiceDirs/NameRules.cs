using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>Names made from directory and file names must still be unique (a "web-log" service next to web's logger, say).</summary>
internal static class NameRules
{
    public static void CheckUnique(IEnumerable<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            if (!seen.Add(p.Name))
                diagnostics.Error(p.DefinedAt, $"two programs would be named '{p.Name}'",
                    "rename one of the directories; a service's logger is named SERVICE-log");
        }
    }
}
