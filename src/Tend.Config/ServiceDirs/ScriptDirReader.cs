using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The scripts of /etc/cont-init.d and /etc/cont-finish.d: every entry, in byte order of names,
/// run one at a time. A script whose #! line is <c>with-contenv INTERPRETER</c> need not be
/// executable (its interpreter runs it: see <see cref="S6ContainerEnvironment"/>, which rewrites it).
/// </summary>
internal static class ScriptDirReader
{
    /// <summary>(name of the script file, argv to run it, where it is) for each script of <paramref name="dir"/>.</summary>
    /// <param name="dir">cont-init.d or cont-finish.d.</param>
    /// <param name="diagnostics">Where a script that cannot run is reported.</param>
    /// <param name="v2">An s6-overlay v2-style tree, whose scripts need no execute bit (see <see cref="V2ScriptRunner"/>).</param>
    public static List<(string Name, IReadOnlyList<string> Command, SourceLocation At)> Read(string dir, DiagnosticBag diagnostics, bool v2 = false)
    {
        var scripts = new List<(string, IReadOnlyList<string>, SourceLocation)>();
        foreach (var name in ServiceDirFiles.Names(dir, directories: false))
        {
            var path = Path.Combine(dir, name);
            if (Directory.Exists(path))
            {
                diagnostics.Warning(null, $"'{path}' is a directory, not a script; it is skipped", "s6-overlay runs only the files of this directory");
                continue;
            }
            if (v2 && V2ScriptRunner.Argv(path) is { } argv)
            {
                scripts.Add((name, argv, ServiceDirFiles.At(path)));
                continue;
            }
            if (S6ContainerEnvironment.InterpreterOf(path) is null && !ServiceDirFiles.IsExecutable(path))
                diagnostics.Warning(ServiceDirFiles.At(path), $"'{path}' is not executable, so running it will fail", $"chmod +x '{path}'");
            scripts.Add((name, [path], ServiceDirFiles.At(path)));
        }
        return scripts;
    }
}
