using Tend.Export.Compose;
using Tend.Export.Kubernetes;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 23: what `tend export` warns about names where it is in the user's file (file:line of the
/// program or job, then the key), and a value quoted in a warning reaches the terminal as one
/// line of text, its control characters escaped.
/// </summary>
public class ExportWarningTests
{
    private const string Config = """
        programs:
          web:
            command: ["/usr/bin/web"]
            start_seconds: 0s
            environment:
              DB: "127.0.0.1\n\u001b[31mred"
        """;

    [Fact]
    public void A_warning_about_a_program_starts_with_where_it_is_defined()
    {
        var config = ExportStorageTests.Read(Config);
        foreach (var warnings in new[]
                 {
                     ComposeExporter.Export(config, new ComposeOptions { Image = "app:1" }).Warnings,
                     KubernetesExporter.Export(config, new KubernetesOptions { Image = "app:1" }).Warnings,
                 })
        {
            var line = Assert.Single(warnings, w => w.Contains("start_seconds", StringComparison.Ordinal));
            // The file as the user sees it, never an absolute path of this machine (here: outside the working directory).
            Assert.Matches(@"^tend-storage-[^/]+/tend\.yaml:2:3: web: start_seconds 0s has no equivalent$", line);
        }
    }

    [Fact]
    public void A_value_quoted_in_a_warning_has_its_control_characters_escaped()
    {
        var warnings = ComposeExporter.Export(ExportStorageTests.Read(Config), new ComposeOptions { Image = "app:1" }).Warnings;
        var line = Assert.Single(warnings, w => w.Contains("environment DB=", StringComparison.Ordinal));
        Assert.DoesNotContain(line, char.IsControl);
        Assert.Contains("127.0.0.1\\n\\u001b[31mred", line, StringComparison.Ordinal);
    }
}
