using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Docs;

/// <summary>
/// docs/design.md opens with the house: which project builds on which, as a list and as rows of
/// layers. Both are read here and held against the ProjectReferences of src/*/*.csproj, so a new
/// reference that goes the wrong way (a server below supervision, the core calling up into the
/// CLI) fails here until the picture is changed on purpose.
/// </summary>
public partial class DesignGraphTests
{
    private static readonly string Design = File.ReadAllText(Path.Combine(ExportFixtures.RepoRoot, "docs", "design.md"));

    /// <summary>Project name → the projects it references, from the project files.</summary>
    private static Dictionary<string, SortedSet<string>> References()
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ExportFixtures.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
            graph[Path.GetFileNameWithoutExtension(file)] = new SortedSet<string>(references, StringComparer.Ordinal);
        }
        return graph;
    }

    private static string Between(string marker)
    {
        var start = Design.IndexOf($"<!-- {marker} -->", StringComparison.Ordinal);
        var end = Design.IndexOf($"<!-- /{marker} -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/design.md has no <!-- {marker} --> section");
        return Design[start..end];
    }

    [Fact]
    public void TheListedGraph_IsTheProjectReferences()
    {
        var listed = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (Match m in ListedProject().Matches(Between("project-graph")))
        {
            var uses = m.Groups["uses"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            listed[m.Groups["name"].Value] = new SortedSet<string>(uses, StringComparer.Ordinal);
        }
        var actual = References();
        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, uses) in actual)
            Assert.True(uses.SetEquals(listed[project]),
                $"{project}: the project file references [{string.Join(", ", uses)}], docs/design.md says [{string.Join(", ", listed[project])}]");
    }

    [Fact]
    public void EveryProject_UsesOnlyProjectsOnRowsBelowItsOwn()
    {
        var rows = Between("layers").Split('\n').Select(line => ProjectName().Matches(line).Select(m => m.Value).ToList()).Where(r => r.Count > 0).ToList();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
            foreach (var project in rows[i]) rowOf[project] = rows.Count - i; // the top row is the highest
        var actual = References();
        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), rowOf.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, uses) in actual)
            foreach (var used in uses)
                Assert.True(rowOf[used] < rowOf[project], $"{project} (row {rowOf[project]}) uses {used} (row {rowOf[used]}), which is not below it");
    }

    [GeneratedRegex(@"^- (?<name>Tend\.\w+) →(?<uses>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex ListedProject();

    [GeneratedRegex(@"Tend\.\w+")]
    private static partial Regex ProjectName();
}
