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
}
