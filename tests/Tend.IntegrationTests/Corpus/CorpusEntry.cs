using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests.Corpus;

/// <summary>
/// One real configuration of tests/corpus: KIND/NAME, with its files as published (see its SOURCE)
/// and, for images whose configuration reads the image's ENV, an ENV file of KEY=VALUE lines.
/// </summary>
public sealed record CorpusEntry(string Kind, string Name)
{
    public static string Root => Path.Combine(Paths.RepoRoot, "tests", "corpus");

    public string Dir => Path.Combine(Root, Kind, Name);

    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>Every entry, as theory data.</summary>
    public static IEnumerable<object[]> All() =>
        Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal)
            .SelectMany(k => Directory.EnumerateDirectories(k).Order(StringComparer.Ordinal))
            .Select(d => new object[] { Path.GetFileName(Path.GetDirectoryName(d))! + "/" + Path.GetFileName(d) });

    public static CorpusEntry Parse(string id) => new(id.Split('/')[0], id.Split('/')[1]);

    /// <summary>The image's environment that the configuration expands (ENV file), empty when none.</summary>
    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Combine(Dir, "ENV");
        if (!File.Exists(file)) return env;
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.StartsWith('#') || !line.Contains('=')) continue;
            env[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        }
        return env;
    }

    /// <summary>The argument Tend reads the entry by, in <paramref name="dir"/> (the entry or its copy).</summary>
    public string[] ConfigArgs(string dir) => Kind switch
    {
        "supervisord" => [Path.Combine(dir, "supervisord.conf")],
        "runit" => [Path.Combine(dir, "service")],
        _ => ["--root", Path.Combine(dir, "root")],
    };

    /// <summary>
    /// For a supervisord entry, the shell commands that give it the image's filesystem in a private
    /// mount namespace, so its absolute paths hold without touching this machine's: empty /run and
    /// /var/log (pid files, log files, the directories supervisord insists on), and each directory
    /// root/A/B of the entry (a copy) over /A/B, where an [include] looks for it. Empty for others.
    /// </summary>
    public string MountScript(string dir)
    {
        if (Kind != "supervisord") return "";
        var script = "mount -t tmpfs tmpfs /var/log && mount -t tmpfs tmpfs /run && mkdir -p /var/log/supervisor /var/log/supervisord /run/supervisord /run/supervisor";
        var root = Path.Combine(dir, "root");
        if (Directory.Exists(root))
            foreach (var top in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
                foreach (var d in Directory.EnumerateDirectories(top).Order(StringComparer.Ordinal))
                {
                    var target = "/" + Path.GetRelativePath(root, d);
                    if (!Directory.Exists(target)) throw new InvalidOperationException($"{this}: {target} must exist on this machine to mount the entry's copy over it");
                    script += $" && mount --bind '{d}' '{target}'";
                }
        return script;
    }

    /// <summary>A launcher (TendHost's) that runs the command after it in that namespace; empty for others.</summary>
    public string[] Launcher(string dir) => Kind != "supervisord" ? [] : ["sh", "-c", MountScript(dir) + " && exec \"$0\" \"$@\""];

    /// <summary>Runs a Tend command (check, convert) in that namespace.</summary>
    public (int Code, string Out, string Err) RunTend(string dir, string[] args, Dictionary<string, string> env) =>
        Kind != "supervisord"
            ? Tools.Run(Paths.Tend, args, env: env)
            : Tools.Run("unshare", ["--mount", "--propagation", "private", .. Launcher(dir), Paths.Tend, .. args], env: env);
}
