namespace Tend.Config.Supervisord;

/// <summary>
/// Where supervisord looks for its configuration when no -c is given (supervisor/options.py),
/// first match wins: ../etc/supervisord.conf and ../supervisord.conf next to the executable,
/// then supervisord.conf and etc/supervisord.conf in the current directory, then
/// /etc/supervisord.conf and /etc/supervisor/supervisord.conf (3.3.0+).
/// </summary>
public static class SupervisordConfigSearch
{
    public static IReadOnlyList<string> Candidates(string executableDir, string currentDir) =>
    [
        Path.GetFullPath(Path.Combine(executableDir, "..", "etc", "supervisord.conf")),
        Path.GetFullPath(Path.Combine(executableDir, "..", "supervisord.conf")),
        Path.Combine(currentDir, "supervisord.conf"),
        Path.Combine(currentDir, "etc", "supervisord.conf"),
        "/etc/supervisord.conf",
        "/etc/supervisor/supervisord.conf",
    ];

    /// <summary>The first candidate that exists, or null.</summary>
    public static string? Find(string executableDir, string currentDir, Func<string, bool> fileExists) =>
        Candidates(executableDir, currentDir).FirstOrDefault(fileExists);
}
