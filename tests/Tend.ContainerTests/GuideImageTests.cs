using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// Issue 20: a migration guide followed word for word. Its files are taken from the guide's own
/// fenced blocks (nothing retyped here), its Dockerfile is built as users build it (bases from
/// this machine, scripts/images.sh), and the container does what the guide says.
/// </summary>
public class GuideImageTests : IClassFixture<BuiltImages>
{
    /// <summary>The fenced blocks of a document under docs/, with their language.</summary>
    private static List<(string Language, string Text)> Blocks(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(Images.RepoRoot, "docs", document));
        var blocks = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i][3..].Trim();
            var start = i + 1;
            while (++i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal)) { }
            blocks.Add((language, string.Join('\n', lines[start..i]) + "\n"));
        }
        return blocks;
    }

    [Fact(Timeout = 600_000)]
    public async Task The_entrypoint_guides_image_starts_php_fpm_then_nginx_once_php_fpm_is_ready()
    {
        await Task.Yield();
        var blocks = Blocks("migrating/from-entrypoint-script.md");
        using var dir = new TempDir();
        dir.Write("tend.yaml", blocks.Single(b => b.Language == "yaml" && b.Text.Contains("programs:", StringComparison.Ordinal)).Text);
        dir.Write("Dockerfile", blocks.Single(b => b.Language == "dockerfile" && b.Text.Contains("COPY tend.yaml", StringComparison.Ordinal)).Text);
        var image = Images.BuildContext("guide-entrypoint", dir.Path);

        using var c = Container.Run(image);
        c.WaitForLine(@"php-fpm is ready", timeout: TimeSpan.FromSeconds(60));
        c.WaitForLine(@"nginx started pid");
        Assert.DoesNotContain(c.Stdout, l => l.Contains("FATAL", StringComparison.Ordinal));
        c.Stop(20);
        Assert.Equal(0, c.ExitCode);
    }
}
