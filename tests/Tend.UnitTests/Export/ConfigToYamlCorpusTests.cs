using Tend.Config;
using Tend.Export.Convert;
using Tend.Model;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 24's round trip over real supervisord.conf files: tests/corpus/supervisord (public images'
/// files as published) and the reader's own corpus (numprocs, log files with rotation, groups,
/// redirect_stderr). `tend convert` writes every program setting as a tend.yaml key, with no
/// "tend:" comment for what it could not say, and the converted file has the same effective
/// configuration as the original (tend check's output).
/// </summary>
public partial class ConfigToYamlTests
{
    /// <summary>The comment every supervisord.conf gets about [supervisord] and its servers: not a program setting.</summary>
    private const string DaemonSettingsComment = "# tend: the [supervisord], [unix_http_server] and [supervisorctl] settings";

    public static TheoryData<string> SupervisordCorpus()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(RepoRoot, "tests", "corpus", "supervisord")).Order(StringComparer.Ordinal))
            data.Add($"tests/corpus/supervisord/{Path.GetFileName(dir)}/supervisord.conf");
        foreach (var name in new[] { "groups.conf", "queue-workers.conf", "lemp.conf", "docker-stdout.conf" })
            data.Add($"tests/Tend.UnitTests/Config/Supervisord/Corpus/{name}");
        return data;
    }

    [Theory]
    [MemberData(nameof(SupervisordCorpus))]
    public void A_corpus_supervisord_conf_converts_without_loss(string conf)
    {
        var environment = CorpusEnvironment(conf);
        var original = ConfigLoader.Load(Path.Combine(RepoRoot, conf), environment);
        Assert.False(original.HasErrors, string.Join("\n", original.Diagnostics));

        var converted = ConfigToYaml.Convert(original.Config!);
        // An event listener is the one program tend.yaml cannot hold by design (it reads
        // supervisord's event protocol): it is named in a comment and a warning, and left out of
        // the comparison. Every other setting must be a key.
        var listeners = original.Config!.Programs.Where(p => p.EventListener is not null).Select(p => p.Name).ToList();
        bool AboutAListener(string text) => listeners.Any(l => text.Contains($"program {l} is not converted: a supervisord event listener", StringComparison.Ordinal)
            || text.Contains($"depends_on {l} is dropped", StringComparison.Ordinal));
        var unmapped = converted.Text.Split('\n').Where(l => l.TrimStart().StartsWith("# tend:", StringComparison.Ordinal)
            && !l.StartsWith(DaemonSettingsComment, StringComparison.Ordinal) && !AboutAListener(l));
        Assert.Empty(unmapped);
        Assert.All(converted.Warnings, w => Assert.True(AboutAListener(w), w));

        var reloaded = ConfigLoader.LoadText(converted.Text, "converted.yaml", environment);
        Assert.False(reloaded.HasErrors, string.Join("\n", reloaded.Diagnostics) + "\n" + converted.Text);
        var kept = original.Config! with { Programs = original.Config!.Programs.Where(p => !listeners.Contains(p.Name)).ToList() };
        Assert.Equal(Effective(kept), Effective(reloaded.Config!));
    }

    /// <summary>The entry's ENV file (what its image's Dockerfile sets), and PORT for the reader's own corpus.</summary>
    private static Dictionary<string, string> CorpusEnvironment(string conf)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PORT"] = "8080" };
        var file = Path.Combine(RepoRoot, Path.GetDirectoryName(conf)!, "ENV");
        if (!File.Exists(file)) return env;
        foreach (var line in File.ReadAllLines(file).Where(l => !l.StartsWith('#') && l.Contains('=')))
            env[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        return env;
    }
}
