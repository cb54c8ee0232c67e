using System.Text.RegularExpressions;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Docs;

/// <summary>
/// Issue 26 item 1: the refused-connections figures of `sockets:` are measured once
/// (HeldSocketTests' measurement, written in docs/formats/tend-yaml.md) and the README quotes
/// those, in the tend.yaml section and beside the restart figures, never figures of its own.
/// </summary>
public partial class HeldSocketFiguresTests
{
    private static string Text(params string[] path) =>
        Regex.Replace(File.ReadAllText(Path.Combine([ExportFixtures.RepoRoot, .. path])), @"\s+", " ");

    [Fact]
    public void The_README_quotes_the_measured_figures_of_the_reference()
    {
        var measured = Measured().Match(Text("docs", "formats", "tend-yaml.md"));
        Assert.True(measured.Success, "docs/formats/tend-yaml.md (## sockets) should give the measured figures");
        string with = measured.Groups["with"].Value, wait = measured.Groups["wait"].Value;
        string refused = measured.Groups["refused"].Value, attempts = measured.Groups["attempts"].Value;
        var readme = Text("README.md");
        Assert.Contains($"0 refused over 20 restarts, against {refused} of {attempts} attempts without it", readme);
        Assert.Contains($"had {refused} of {attempts} attempts refused when the server bound its own port, and 0 of {with} with the port in `sockets:`", readme);
        Assert.Contains($"the longest wait for a reply was {wait} ms", readme);
    }

    [GeneratedRegex(@"with `sockets:`, 0 of (?<with>[\d,]+) connection attempts were refused\*\* \(the longest waited (?<wait>\d+) ms for its reply\); \*\*without, the server binding its own port, (?<refused>[\d,]+) of (?<attempts>[\d,]+) attempts were refused")]
    private static partial Regex Measured();
}
