using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// A runsvdir directory (e.g. /etc/service) to the model: every subdirectory, or symlink to one
/// (the usual /etc/service/x → /etc/sv/x), is a service directory read by
/// <see cref="LongrunReader"/> with runit's conventions. Dot names are skipped, as runsvdir does.
/// </summary>
public static class RunitTreeReader
{
    /// <summary>runsv never kills a service that ignores TERM; Tend needs a limit, and keeps its own default.</summary>
    private static readonly TimeSpan StopTimeout = new ProgramSpec { Name = "", Command = [] }.StopTimeout;

    /// <summary>Reads the tree at <paramref name="dir"/>; paths in the model and in diagnostics are absolute.</summary>
    public static ConfigResult Read(string dir)
    {
        var diagnostics = new DiagnosticBag();
        var root = Path.GetFullPath(dir);
        if (!Directory.Exists(root))
            return new ConfigResult(null, [new Diagnostic(Severity.Error, null, $"service directory tree '{root}' not found", "give the directory runsvdir would scan, e.g. /etc/service")]);

        var programs = new List<ProgramSpec>();
        foreach (var name in ServiceDirFiles.Names(root, directories: true))
            programs.AddRange(LongrunReader.Read(name, Path.Combine(root, name), FinishStyle.Runit, StopTimeout, diagnostics));
        ReportBrokenLinks(root, diagnostics);
        UniqueNames.CheckServiceDirs(programs, diagnostics);

        if (programs.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Warning(null, $"'{root}' holds no service directories", "each service is a subdirectory with an executable 'run'");
        var config = diagnostics.HasErrors
            ? null
            : new TendConfig { Programs = programs, Source = root, Layout = ConfigLayout.Runit };
        return new ConfigResult(config, diagnostics.ToSortedList());
    }

    /// <summary>True when some subdirectory has a <c>run</c> file: what makes a directory a runit tree.</summary>
    public static bool LooksLikeTree(string dir) =>
        Directory.Exists(dir) && ServiceDirFiles.Names(dir, directories: true).Any(n => File.Exists(Path.Combine(dir, n, "run")));

    /// <summary>A symlink whose target is gone (or is not a directory) is a service runsvdir would fail to start; say so rather than skip it silently.</summary>
    private static void ReportBrokenLinks(string root, DiagnosticBag diagnostics)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root))
        {
            if (Path.GetFileName(path).StartsWith('.') || new FileInfo(path).LinkTarget is not { } target) continue;
            // File.Exists is true for a dangling link, so ask whether it leads to a directory at all.
            if (!Directory.Exists(path))
                diagnostics.Warning(null, $"'{path}' is a symlink to '{target}', which is not a directory; it is skipped", "remove the link or restore its target");
        }
    }
}
