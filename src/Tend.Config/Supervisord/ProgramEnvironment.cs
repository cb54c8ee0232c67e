namespace Tend.Config.Supervisord;

/// <summary>
/// environment= of a program or of [supervisord], and the variables supervisord adds for every
/// child (supervisor/process.py): SUPERVISOR_ENABLED, SUPERVISOR_SERVER_URL,
/// SUPERVISOR_PROCESS_NAME and SUPERVISOR_GROUP_NAME.
/// </summary>
internal static class ProgramEnvironment
{
    /// <summary>Expands, then parses the KEY=value pairs; null when absent or wrong (then reported).</summary>
    public static Dictionary<string, string>? Parse(SectionValues v, IniEntry? entry, IReadOnlyDictionary<string, object>? names)
    {
        if (entry is null || v.Expand(entry, entry.Value, names) is not { } text) return null;
        if (EnvironmentPairs.Parse(text, out var error) is { } pairs) return pairs;
        v.Error(entry.Location, $"cannot read environment in [{v.Section.Name}]: {error}", EnvironmentPairs.Hint);
        return null;
    }

    /// <summary>
    /// In supervisord's order, later winning: [supervisord] environment, then the SUPERVISOR_*
    /// variables, then the program's own environment (which may override them).
    /// </summary>
    public static Dictionary<string, string> ForChild(IReadOnlyDictionary<string, string> daemon, string processName,
        string groupName, string? serverUrl, IReadOnlyDictionary<string, string>? program)
    {
        var env = new Dictionary<string, string>(daemon, StringComparer.Ordinal)
        {
            ["SUPERVISOR_ENABLED"] = "1",
            ["SUPERVISOR_PROCESS_NAME"] = processName,
            ["SUPERVISOR_GROUP_NAME"] = groupName,
        };
        if (serverUrl is not null) env["SUPERVISOR_SERVER_URL"] = serverUrl;
        foreach (var (key, value) in program ?? new Dictionary<string, string>()) env[key] = value;
        return env;
    }
}
