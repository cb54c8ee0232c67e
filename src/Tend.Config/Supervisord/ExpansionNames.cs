namespace Tend.Config.Supervisord;

/// <summary>
/// The names <c>%(name)s</c> may use. Every section gets ENV_X for each variable Tend was started
/// with (never those set by environment=, as in supervisord), <c>here</c> (the directory of the
/// file the value was written in) and <c>host_node_name</c>; program sections add program_name,
/// group_name and, per process, process_num and numprocs.
/// </summary>
internal static class ExpansionNames
{
    public const string Here = "here";
    public const string HostNodeName = "host_node_name";
    public const string ProgramName = "program_name";
    public const string GroupName = "group_name";
    public const string ProcessNum = "process_num";
    public const string NumProcs = "numprocs";
    public const string EnvPrefix = "ENV_";

    /// <summary>Present when the file is read for another machine (<see cref="VariableReferences.Keeping"/>).</summary>
    private const string KeepsReferences = "\0keep";

    public static Dictionary<string, object> ForFile(IReadOnlyDictionary<string, string> environment, string hostName)
    {
        var keep = VariableReferences.AreKept(environment);
        // Read for another machine, this one's host name is not the container's: it stays a reference.
        var names = new Dictionary<string, object>(StringComparer.Ordinal) { [HostNodeName] = keep ? VariableReferences.Mark("${HOSTNAME}") : hostName };
        foreach (var (key, value) in environment) names[EnvPrefix + key] = value;
        if (keep) names[KeepsReferences] = true;
        return names;
    }

    /// <summary>Read for another machine, %(ENV_X)s of a variable not given is ${X}, resolved where the output runs.</summary>
    public static bool TryKeptReference(IReadOnlyDictionary<string, object> names, string name, out object value)
    {
        value = "";
        if (!names.ContainsKey(KeepsReferences) || !name.StartsWith(EnvPrefix, StringComparison.Ordinal) || name.Length == EnvPrefix.Length) return false;
        value = VariableReferences.Mark($"${{{name[EnvPrefix.Length..]}}}");
        return true;
    }

    /// <summary>The variable that stands for %(here)s in a configuration read for another machine.</summary>
    public const string HereVariable = "SUPERVISORD_HERE";

    /// <summary>
    /// %(here)s of <paramref name="entry"/>: its file's directory on this machine when the file is
    /// read to run here; read for another machine (export, convert), a reference that machine
    /// resolves, <c>${SUPERVISORD_HERE:-DIR}</c>, whose default is the directory as given, relative
    /// to the working directory (as the config was named on the command line, or under this
    /// directory). A directory only this machine has (absolute, elsewhere) is never written: the
    /// reference has no default, and <paramref name="unportable"/> is that directory, for a warning.
    /// </summary>
    public static object HereValue(IReadOnlyDictionary<string, object> names, IniEntry entry, out string? unportable)
    {
        unportable = null;
        if (!names.ContainsKey(KeepsReferences)) return entry.Here;
        var dir = Path.GetDirectoryName(entry.Location.File);
        if (string.IsNullOrEmpty(dir)) dir = ".";
        if (Path.IsPathRooted(dir))
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), dir);
            if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                unportable = dir;
                return VariableReferences.Mark($"${{{HereVariable}}}");
            }
            dir = relative;
        }
        return VariableReferences.Mark($"${{{HereVariable}:-{dir}}}");
    }

    public static Dictionary<string, object> With(IReadOnlyDictionary<string, object> names, params (string Name, object Value)[] more)
    {
        var copy = new Dictionary<string, object>(names, StringComparer.Ordinal);
        foreach (var (name, value) in more) copy[name] = value;
        return copy;
    }

    /// <summary>The hint for a name that is not there: every available name, sorted as supervisord lists them.</summary>
    public static string AvailableHint(string missing, IEnumerable<string> available)
    {
        var list = $"available names: {string.Join(", ", available.Order(StringComparer.Ordinal))}";
        if (missing.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            return $"{missing[EnvPrefix.Length..]} is not in the environment Tend was started with "
                + $"(variables set by environment= cannot be expanded); {list}";
        }
        return list;
    }
}
