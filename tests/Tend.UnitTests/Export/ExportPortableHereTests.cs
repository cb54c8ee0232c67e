using Tend.Config;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 23: supervisord's %(here)s (the directory of the file) never becomes the exporting
/// machine's directory. Read for export, it is <c>${SUPERVISORD_HERE:-DIR}</c> with DIR as the
/// user named it (relative to where they run `tend export`); a file named by an absolute path
/// outside the working directory gives no default, and a warning at the line that uses it.
/// </summary>
public class ExportPortableHereTests
{
    private const string Relative = $"{Fixtures}/here/supervisord.conf";

    private static ConfigResult ReadForExport(string path)
    {
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(RepoRoot);
        try
        {
            return ConfigLoader.Load(path, VariableReferences.Keeping());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Fact]
    public void Here_of_a_config_named_relative_to_the_working_directory_is_a_reference_with_that_default()
    {
        var read = ReadForExport(Relative);
        Assert.DoesNotContain(read.Diagnostics, d => d.Message.Contains("%(here)s", StringComparison.Ordinal));
        var compose = ComposeExporter.Export(read.Config!, new ComposeOptions { Image = "app:1" });
        var kubernetes = KubernetesExporter.Export(read.Config!, new KubernetesOptions { Image = "app:1" });
        foreach (var text in new[] { compose.Text, compose.EnvExample!, kubernetes.Text })
        {
            Assert.DoesNotContain(RepoRoot, text, StringComparison.Ordinal);
            Assert.Contains($"{Fixtures}/here", text, StringComparison.Ordinal);
        }
        Assert.Contains($"\"${{SUPERVISORD_HERE:-{Fixtures}/here}}/run.sh\"", compose.Text, StringComparison.Ordinal);
        Assert.Contains($"# SUPERVISORD_HERE={Fixtures}/here", compose.EnvExample, StringComparison.Ordinal);
    }

    [Fact]
    public void Here_of_a_config_outside_the_working_directory_has_no_default_and_a_located_warning()
    {
        var dir = Directory.CreateTempSubdirectory("tend-here-");
        try
        {
            var file = Path.Combine(dir.FullName, "supervisord.conf");
            File.Copy(Path.Combine(RepoRoot, Relative), file);
            var read = ReadForExport(file);
            var warnings = read.Diagnostics.Where(d => d.Severity == Severity.Warning && d.Message.Contains("%(here)s", StringComparison.Ordinal)).ToList();
            Assert.Equal([$"{file}:6", $"{file}:7"], warnings.Select(w => $"{w.Location!.File}:{w.Location.Line}"));
            Assert.Contains("set SUPERVISORD_HERE where the output runs", warnings[0].Hint, StringComparison.Ordinal);
            // As `tend export` does: the config's own path is shown by its last parts (ImagePaths).
            var text = ComposeExporter.Export(Tend.Export.ImagePaths.Relocate(read.Config!, null), new ComposeOptions { Image = "app:1" }).Text;
            Assert.DoesNotContain(dir.FullName, text, StringComparison.Ordinal);
            Assert.Contains("\"${SUPERVISORD_HERE}/run.sh\"", text, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Here_still_is_the_directory_when_tend_runs_the_file()
    {
        var read = ConfigLoader.Load(Path.Combine(RepoRoot, Relative), new Dictionary<string, string>());
        Assert.Equal(["/bin/sh", Path.Combine(RepoRoot, Fixtures, "here", "run.sh"), $"--config={Path.Combine(RepoRoot, Fixtures, "here", "app.conf")}"],
            read.Config!.Programs.Single().Command);
    }
}
