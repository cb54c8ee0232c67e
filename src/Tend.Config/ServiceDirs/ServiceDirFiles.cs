using System.Globalization;
using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// The small file conventions runit and s6 share: one value per file on its first line, presence
/// files (<c>down</c>), executable scripts, and directories whose entries are names.
/// </summary>
internal static class ServiceDirFiles
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>A regular file (through symlinks) with an execute bit set; runsv and s6-supervise can exec nothing else.</summary>
    public static bool IsExecutable(string path)
    {
        try
        {
            // Service directories exist only on Unix; elsewhere an existing file is taken as runnable.
            if (!File.Exists(path)) return false;
            return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Entry names of a directory in byte order (as <c>ls</c> in the C locale), dot names left out as runsvdir and s6-svscan do.</summary>
    public static IReadOnlyList<string> Names(string dir, bool directories)
    {
        if (!Directory.Exists(dir)) return [];
        var paths = directories ? Directory.EnumerateDirectories(dir) : Directory.EnumerateFileSystemEntries(dir);
        return paths.Select(Path.GetFileName).OfType<string>()
            .Where(n => n.Length > 0 && n[0] != '.')
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The first line of a one-value file, trimmed; null when the file does not exist.</summary>
    public static string? FirstLine(string path)
    {
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        var end = text.IndexOf('\n');
        return (end < 0 ? text : text[..end]).Trim();
    }

    /// <summary>A non-negative integer file (notification-fd, timeout-*); an error at file:1 when it is not one.</summary>
    public static int? ReadNumber(string path, DiagnosticBag diagnostics, string hint)
    {
        var line = FirstLine(path);
        if (line is null) return null;
        if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        diagnostics.Error(At(path), $"'{line}' is not a non-negative integer", hint);
        return null;
    }

    /// <summary>A millisecond count where 0 means "no limit", as every s6 timeout file.</summary>
    public static TimeSpan? ReadMilliseconds(string path, DiagnosticBag diagnostics)
    {
        const string hint = "write a number of milliseconds; 0 means no limit";
        if (FirstLine(path) is { } line && Durations.IsNegative(line))
        {
            diagnostics.Error(At(path), $"{Path.GetFileName(path)}: {Durations.Negative(line)}", hint);
            return null;
        }
        return ReadNumber(path, diagnostics, hint) is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : null;
    }

    /// <summary>File-level locations point at the first line: these files have no finer structure.</summary>
    public static SourceLocation At(string path, int line = 1) => new(path, line);
}
