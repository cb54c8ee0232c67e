namespace Tend.Config;

/// <summary>The configuration dialects Tend reads.</summary>
public enum ConfigFormat { TendYaml, SupervisordIni }

/// <summary>
/// Tells a supervisord.conf from a tend.yaml by content first, name second, YAML by default:
/// a file whose first section header (after blank and comment lines) is a supervisord section is
/// INI whatever its name; a .conf or .ini file is INI unless its first line reads as YAML
/// ("key:" at the left margin or "---").
/// </summary>
public static class ConfigFormatDetector
{
    private static readonly string[] IniSections =
        ["supervisord", "unix_http_server", "inet_http_server", "supervisorctl", "include"];

    private static readonly string[] IniSectionPrefixes =
        ["program:", "group:", "eventlistener:", "fcgi-program:", "rpcinterface:", "ctlplugin:"];

    public static ConfigFormat Detect(string text, string fileName)
    {
        var first = FirstMeaningfulLine(text);
        if (first is not null && IsSupervisordHeader(first)) return ConfigFormat.SupervisordIni;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".conf" or ".ini")) return ConfigFormat.TendYaml;
        return first is not null && LooksLikeYaml(first) ? ConfigFormat.TendYaml : ConfigFormat.SupervisordIni;
    }

    private static string? FirstMeaningfulLine(string text)
    {
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] is not (';' or '#')) return line;
        }
        return null;
    }

    private static bool IsSupervisordHeader(string line)
    {
        if (line[0] != '[' || line.LastIndexOf(']') is not (var close and > 1)) return false;
        var name = line[1..close];
        return IniSections.Contains(name) || IniSectionPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    private static bool LooksLikeYaml(string line)
    {
        if (line.StartsWith("---", StringComparison.Ordinal)) return true;
        if (line[0] == '[') return false;
        var colon = line.IndexOf(':');
        var equals = line.IndexOf('=');
        return colon > 0 && (equals < 0 || colon < equals) && (colon + 1 == line.Length || line[colon + 1] == ' ');
    }
}
