using FsCheck.Xunit;
using Tend.Config;
using Tend.Export.Compose;
using Tend.Export.Convert;
using Tend.Export.Kubernetes;
using Tend.Model;
using Tend.UnitTests.Export;
using static Tend.UnitTests.Export.ExportedYaml;

namespace Tend.UnitTests.Properties;

/// <summary>
/// Issue 16 item 4: any string of a config reaches an export as itself. Random strings (YAML's
/// line breaks, controls, quotes, '#', '$', Unicode, and FsCheck's noise) go into a program's
/// command, environment, working directory, user and finish command; the export is read back
/// with YamlDotNet and must hold exactly those values (after compose's or Kubernetes' own
/// expansion) where they belong, no other key, and every comment must read back as the note it
/// carried.
/// </summary>
public class ExportProperties
{
    private static readonly string[] Tokens =
    [
        "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t", "\0", "\u001b", "\u007f", "\u009b", "\ufeff", "\ufffe", "\uffff",
        "    privileged: true", "          securityContext: {privileged: true}", ": ", "- ", "#", " # ", "\"", "'", "\\", "\\n",
        "$", "$$", "$(HOME)", "${HOME}", "{", "}", "[", "]", "&a", "*a", "!!str", "---", "...", "yes", "~", "0x1F", " ", "é", "😀",
        "127.0.0.1", "localhost",
    ];

    private sealed record Strings(string Arg1, string Arg2, string Env, string Dir, string User, string Finish);

    private static Strings Make(int seed, string? noise)
    {
        var clean = ValidUnicode(noise);
        string Next(int i) => Inputs.Assemble(seed * 7 + i, clean, Tokens, maxTokens: 12);
        return new Strings(Next(1), Next(2), Next(3), "/srv/" + Next(4), "u" + Next(5), Next(6));
    }

    private static TendConfig Config(Strings s) => new()
    {
        Programs =
        [
            new ProgramSpec
            {
                Name = "web", Command = [s.Arg1, s.Arg2], WorkingDir = s.Dir, User = s.User, FinishCommand = [s.Finish],
                // Naming 127.0.0.1 puts the value in a `# tend:` note too: the way item 4's attack went.
                Environment = new Dictionary<string, string> { ["API"] = "http://127.0.0.1/" + s.Env, ["PLAIN"] = s.Env },
            },
        ],
    };

    private static string FinishNote(Strings s) =>
        $"tend: finish command {(s.Finish.Contains(' ') ? $"'{s.Finish}'" : s.Finish)} runs after each exit in Tend; no equivalent";

    private static string EnvNote(Strings s) =>
        $"tend: environment API=http://127.0.0.1/{s.Env} points at this container; another program is now in another container: use its service name";

    [Property(MaxTest = 300)]
    public void Compose_export_reads_back_as_the_config(int seed, string noise)
    {
        var s = Make(seed, noise);
        var result = ComposeExporter.Export(Config(s), ComposeExporterTests.Image);

        // Compose interpolates '$' in the whole file; "$$" is its literal '$'.
        static string Compose(string text) => text.Replace("$$", "$", StringComparison.Ordinal);
        var docs = Documents(result.Text);
        var root = Assert.Single(docs);
        Assert.Equal(["services"], Keys(root));
        var web = Path(root, "services", "web")!;
        // healthcheck: {disable: true}: a service without probes does not inherit the image's HEALTHCHECK.
        Assert.Equal(["image", "entrypoint", "command", "environment", "working_dir", "user", "stop_grace_period", "restart", "healthcheck"], Keys(web));
        Assert.Equal([s.Arg1, s.Arg2], Strings(Path(root, "services", "web", "command")!).Select(Compose));
        Assert.Equal("http://127.0.0.1/" + s.Env, Compose(Scalar(Path(root, "services", "web", "environment", "API")!)));
        Assert.Equal(s.Env, Compose(Scalar(Path(root, "services", "web", "environment", "PLAIN")!)));
        Assert.Equal(s.Dir, Compose(Scalar(Path(root, "services", "web", "working_dir")!)));
        Assert.Equal(s.User, Compose(Scalar(Path(root, "services", "web", "user")!)));
        var comments = Comments(result.Text);
        Assert.Equal(1 + result.Warnings.Count, comments.Count);
        Assert.Contains(EnvNote(s), comments);
        Assert.Contains(FinishNote(s), comments);
    }

    [Property(MaxTest = 300)]
    public void Kubernetes_export_reads_back_as_the_config(int seed, string noise)
    {
        var s = Make(seed, noise);
        // A numeric user: a user name makes the program run from a tend.yaml of its own (TEND_YAML),
        // whose text Converted_yaml_loads_back_as_the_config covers.
        var config = Config(s);
        config = config with { Programs = [config.Programs[0] with { User = "1000" }] };
        var result = KubernetesExporter.Export(config, KubernetesExporterTests.Split);

        static string Kubernetes(string text) => KubernetesExpansionModel.Expand(text, KubernetesExpansionModel.EveryNameDefined);
        var container = Assert.Single(Containers(result.Text));
        Assert.Equal(["name", "image", "command", "env", "workingDir", "securityContext"], Keys(container));
        Assert.Equal(["tend", "--", s.Arg1, s.Arg2], Strings(container["command"]).Select(Kubernetes));
        Assert.Equal("http://127.0.0.1/" + s.Env, Kubernetes(EnvValue(container, "API")));
        Assert.Equal(s.Env, Kubernetes(EnvValue(container, "PLAIN")));
        Assert.Equal(s.Dir, Scalar(container["workingDir"])); // not expanded by Kubernetes
        var comments = Comments(result.Text);
        Assert.Equal(1 + result.Warnings.Count, comments.Count);
        Assert.Contains(EnvNote(s), comments);
        Assert.Contains(FinishNote(s), comments);
    }

    /// <summary>`tend convert` writes a tend.yaml: Tend's own reader must load it back to the same strings.</summary>
    [Property(MaxTest = 300)]
    public void Converted_yaml_loads_back_as_the_config(int seed, string noise)
    {
        // A NUL is the one character a config cannot hold (no argv or environment can), and a command starts with a word: the reader refuses both.
        static string NoNul(string text) => text.Replace('\0', ' ');
        var m = Make(seed, noise);
        var s = new Strings("/bin/" + NoNul(m.Arg1), NoNul(m.Arg2), NoNul(m.Env), NoNul(m.Dir), NoNul(m.User), NoNul(m.Finish));
        var result = ConfigToYaml.Convert(Config(s));

        var loaded = ConfigLoader.LoadText(result.Text, "tend.yaml", new Dictionary<string, string>());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics) + "\n" + result.Text);
        var web = Assert.Single(loaded.Config!.Programs);
        Assert.Equal([s.Arg1, s.Arg2], web.Command);
        Assert.Equal("http://127.0.0.1/" + s.Env, web.Environment["API"]);
        Assert.Equal(s.Env, web.Environment["PLAIN"]);
        Assert.Equal(s.Dir, web.WorkingDir);
        Assert.Equal(s.User, web.User);
        var comments = Comments(result.Text);
        Assert.Equal(result.Warnings.Count, comments.Count);
        Assert.Contains($"tend: finish script {s.Finish} has no tend.yaml key", comments);
    }
}
