namespace Tend.Export.Kubernetes;

/// <summary>
/// Kubernetes object and container names are DNS labels: at most 63 characters of lower-case
/// letters, digits and '-', starting with a letter here (Services need it) and ending with an
/// alphanumeric. Program names allow more ('_', '.', capitals), so they are mapped, and a mapped
/// name is reported.
/// </summary>
internal static class KubernetesNames
{
    public static string Label(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var label = new string(chars).Trim('-');
        while (label.Contains("--", StringComparison.Ordinal)) label = label.Replace("--", "-", StringComparison.Ordinal);
        if (label.Length == 0 || !char.IsAsciiLetter(label[0])) label = "p-" + label;
        if (label.Length > 63) label = label[..63].TrimEnd('-');
        return label;
    }

    /// <summary>The app name from a config path: its file name without extension, or its folder's for tend.yaml and directories.</summary>
    public static string FromSource(string? source)
    {
        if (string.IsNullOrEmpty(source)) return "tend-app";
        var full = source.TrimEnd('/');
        var file = Path.GetFileNameWithoutExtension(full);
        var generic = file is "tend" or "supervisord" or "config" or "" || !Path.HasExtension(full) && file is "service" or "services" or "root";
        var dir = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(full)) ?? "");
        return Label(generic && !string.IsNullOrEmpty(dir) ? dir : file);
    }
}
