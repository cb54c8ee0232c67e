namespace Tend.Supervisord.Protocol;

/// <summary>
/// supervisord's process names. "web" names group "web" and its process "web"; "g:worker_00" names
/// process worker_00 in group g; "g:*" and "g:" name the whole group g (Process is null).
/// </summary>
public readonly record struct Namespec(string Group, string? Process)
{
    public static Namespec Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        if (colon < 0) return new Namespec(spec, spec);
        var process = spec[(colon + 1)..];
        return new Namespec(spec[..colon], process.Length == 0 || process == "*" ? null : process);
    }

    /// <summary>The name supervisorctl shows: "web" when group and process share it, else "g:worker_00".</summary>
    public static string Make(string group, string process) => group == process ? process : $"{group}:{process}";
}
