using Tend.Model;

namespace Tend.Export;

/// <summary>
/// A configuration read from an image's root on this machine (`--root DIR`) names its scripts
/// and directories by where they lie here (/tmp/x/rootfs/etc/cont-init.d/01-setup). The output
/// runs inside the image, where the same file is /etc/cont-init.d/01-setup: every path under the
/// root is written as it is inside the image, in every value that can hold one (commands, working
/// directories, environment values, probes, log files, service directories). The config's own
/// path is shown as given when relative, else by its file name: no path of this machine is written.
/// </summary>
public static class ImagePaths
{
    public static TendConfig Relocate(TendConfig config, string? root)
    {
        config = config with { Source = ShownSource(config.Source) };
        if (root is null) return config;
        var full = Path.GetFullPath(root).TrimEnd('/');
        if (full.Length == 0) return config; // the root is /: every path is already the image's
        string In(string s) => Inside(s, full);
        IReadOnlyList<string> Argv(IReadOnlyList<string> argv) => argv.Select(In).ToList();
        IReadOnlyDictionary<string, string> Env(IReadOnlyDictionary<string, string> env) => env.ToDictionary(e => e.Key, e => In(e.Value), StringComparer.Ordinal);
        ProbeSpec? Probe(ProbeSpec? p) => p is null ? null : p with { Command = Argv(p.Command) };
        LogOutputSpec Log(LogOutputSpec o) => o.File is { } f ? o with { File = f with { Path = In(f.Path) } } : o;
        return config with
        {
            Programs = config.Programs.Select(p => p with
            {
                Command = Argv(p.Command),
                FinishCommand = p.FinishCommand is { } f ? Argv(f) : null,
                DownCommand = p.DownCommand is { } d ? Argv(d) : null,
                WorkingDir = p.WorkingDir is { } w ? In(w) : null,
                Environment = Env(p.Environment),
                Readiness = Probe(p.Readiness),
                Liveness = Probe(p.Liveness),
                ServiceDirectory = p.ServiceDirectory is { } s ? In(s) : null,
                Stdout = Log(p.Stdout),
                Stderr = Log(p.Stderr),
            }).ToList(),
            Jobs = config.Jobs.Select(j => j with
            {
                Command = Argv(j.Command),
                WorkingDir = j.WorkingDir is { } w ? In(w) : null,
                Environment = Env(j.Environment),
            }).ToList(),
            ShutdownCommands = config.ShutdownCommands.Select(c => c with
            {
                Command = Argv(c.Command),
                Environment = c.Environment is { } e ? Env(e) : null,
            }).ToList(),
        };
    }

    /// <summary>Every "ROOT/..." in <paramref name="text"/> as "/...", and ROOT itself as "/".</summary>
    internal static string Inside(string text, string root)
    {
        if (!text.Contains(root, StringComparison.Ordinal)) return text;
        var replaced = text.Replace(root + "/", "/", StringComparison.Ordinal);
        return replaced == root ? "/" : replaced.Replace(root, "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Where a warning says a program is defined: a relative path as given, an absolute one
    /// relative to the working directory when it lies under it, else as <see cref="ShownSource"/>
    /// shows it: stderr holds no path of this machine either.
    /// </summary>
    public static string ShownFile(string file)
    {
        if (!Path.IsPathRooted(file)) return file;
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? ShownSource(file)! : relative;
    }

    /// <summary>A relative path as given; an absolute one as its last two parts ("lemp/tend.yaml"), which still name the app.</summary>
    private static string? ShownSource(string? source)
    {
        if (source is null || !Path.IsPathRooted(source)) return source;
        var parts = source.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "." : string.Join('/', parts[^Math.Min(2, parts.Length)..]);
    }
}
