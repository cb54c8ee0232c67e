using System.Text.RegularExpressions;
using Tend.Config;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Config;

/// <summary>docs/formats/tend-yaml.md documents exactly the keys the reader knows: neither can drift from the other.</summary>
public partial class TendYamlReferenceTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(ExportFixtures.RepoRoot, "docs", "formats", "tend-yaml.md"));

    /// <summary>The keys in the page's tables: the first cell of each row, in backquotes.</summary>
    private static HashSet<string> DocumentedKeys() =>
        TableKey().Matches(Page).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> ReaderKeys() =>
        ConfigKeys.TopLevel.Concat(ConfigKeys.Program).Concat(ConfigKeys.Job).Concat(ConfigKeys.BackoffKeys)
            .Concat(ConfigKeys.DependencyKeys).Concat(ConfigKeys.ProbeKeys).Concat(ConfigKeys.LogOutputKeys).Concat(ConfigKeys.GroupKeys).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_key_the_reader_knows_is_documented() =>
        Assert.Empty(ReaderKeys().Except(DocumentedKeys()).Order());

    [Fact]
    public void Every_documented_key_is_one_the_reader_knows() =>
        Assert.Empty(DocumentedKeys().Except(ReaderKeys()).Order());

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
