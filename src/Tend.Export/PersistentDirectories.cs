using Tend.Model;

namespace Tend.Export;

/// <summary>
/// The directories programs declare with <c>persistent:</c> (a database's data), each with every
/// program and job that must see it: the one that declares it, and those whose commands,
/// environment values, probes or working directory name a path in it (the LEMP's `prepare`
/// creates MariaDB's data directory before MariaDB starts). Both exporters give each one storage
/// that outlives the containers (a named compose volume, a PersistentVolumeClaim) instead of the
/// throw-away volume a shared directory gets.
/// </summary>
public static class PersistentDirectories
{
    /// <param name="Written">The path as written, a <c>${VAR:-default}</c> kept (compose resolves it where it runs).</param>
    /// <param name="Path">The path at its defaults: where Kubernetes mounts it, and what is compared.</param>
    /// <param name="Users">The programs and jobs that mount it, in configuration order.</param>
    public sealed record Directory(string Written, string Path, IReadOnlyList<string> Users)
    {
        /// <summary>"/var/lib/tend-lemp" → "var-lib-tend-lemp", as shared volumes are named.</summary>
        public string VolumeName => Compose.ComposeExporter.VolumeName(Path);

        /// <summary>The warning when the path holds a variable Kubernetes cannot resolve in a mountPath.</summary>
        public bool HasReference => Written != Path;
    }

    public static List<Directory> Of(TendConfig config)
    {
        var found = new List<Directory>();
        foreach (var p in config.Programs)
            foreach (var written in p.Persistent)
            {
                var path = ExportedVariables.WithDefaultValues(written).TrimEnd('/');
                if (found.Any(d => d.Path == path))
                {
                    var existing = found.First(d => d.Path == path);
                    if (!existing.Users.Contains(p.Name)) found[found.IndexOf(existing)] = existing with { Users = [.. existing.Users, p.Name] };
                    continue;
                }
                found.Add(new Directory(written.TrimEnd('/'), path, UsersOf(config, path, p.Name)));
            }
        return found;
    }

    /// <summary>Whether a shared directory (<see cref="SharedDirectories"/>) is one of these, which then gives it storage.</summary>
    public static bool Covers(IEnumerable<Directory> dirs, string shared) => dirs.Any(d => d.Path == shared);

    private static List<string> UsersOf(TendConfig config, string path, string declaredBy)
    {
        bool Names(IEnumerable<string> texts) => texts.Select(ExportedVariables.WithDefaultValues)
            .SelectMany(SharedDirectories.AbsolutePaths)
            .Any(p => p.TrimEnd('/') == path || p.StartsWith(path + "/", StringComparison.Ordinal));
        var users = new List<string>();
        foreach (var p in config.Programs)
            if (p.Name == declaredBy || Names(SharedDirectories.TextsOf(p))) users.Add(p.Name);
        foreach (var j in config.Jobs)
            if (Names(SharedDirectories.TextsOf(j))) users.Add(j.Name);
        return users;
    }
}
