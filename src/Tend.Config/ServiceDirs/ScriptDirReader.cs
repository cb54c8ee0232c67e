using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The scripts of /etc/cont-init.d and /etc/cont-finish.d: every entry, in byte order of names,
/// run one at a time. A <c>#!/command/with-contenv sh</c> line is read here: with-contenv only
/// imports the container environment, which Tend gives every program anyway, so the script runs
/// as <c>sh SCRIPT</c> and needs no s6-overlay binary in the image.
/// </summary>
internal static class ScriptDirReader
{
    /// <summary>(name of the script file, argv to run it, where it is) for each script of <paramref name="dir"/>.</summary>
    public static List<(string Name, IReadOnlyList<string> Command, SourceLocation At)> Read(string dir, DiagnosticBag diagnostics)
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
            var command = WithContenvCommand(path);
            if (command is null && !ServiceDirFiles.IsExecutable(path))
                diagnostics.Warning(ServiceDirFiles.At(path), $"'{path}' is not executable, so running it will fail", $"chmod +x '{path}'");
            scripts.Add((name, command ?? [path], ServiceDirFiles.At(path)));
        }
        return scripts;
    }

    /// <summary>["sh", PATH] for a script whose #! line is "with-contenv sh" (any with-contenv path, any interpreter and options); otherwise null.</summary>
    public static IReadOnlyList<string>? WithContenvCommand(string path)
    {
        string? first;
        using (var reader = new StreamReader(path))
            first = reader.ReadLine();
        if (first is null || !first.StartsWith("#!", StringComparison.Ordinal)) return null;
        var words = first[2..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || Path.GetFileName(words[0]) != "with-contenv") return null;
        return [.. words.Skip(1), path];
    }
}
