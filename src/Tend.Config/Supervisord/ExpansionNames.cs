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

    public static Dictionary<string, object> ForFile(IReadOnlyDictionary<string, string> environment, string hostName)
    {
        var names = new Dictionary<string, object>(StringComparer.Ordinal) { [HostNodeName] = hostName };
        foreach (var (key, value) in environment) names[EnvPrefix + key] = value;
        return names;
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
