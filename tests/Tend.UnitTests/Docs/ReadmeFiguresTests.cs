using System.Text.RegularExpressions;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Docs;

/// <summary>
/// The README's figures about the build itself (binary size, a lone Tend's idle memory and
/// threads, the quick start's time and download) are the ones scripts/measure-readme.sh measured
/// in one run and wrote to bench/results/FIGURES.md: the README can no longer say three sizes for
/// one binary. Measure again, then quote the new file, when the build changes.
/// </summary>
public partial class ReadmeFiguresTests
{
    /// <summary>The README with every run of white space made one space: a phrase may wrap.</summary>
    private static readonly string Readme = Regex.Replace(File.ReadAllText(Path.Combine(ExportFixtures.RepoRoot, "README.md")), @"\s+", " ");

    private static readonly Dictionary<string, string> Figures = FigureRow()
        .Matches(File.ReadAllText(Path.Combine(ExportFixtures.RepoRoot, "bench", "results", "FIGURES.md")))
        .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);

    public static TheoryData<string, string, string> Quotes => new()
    {
        // figure in FIGURES.md, what the README says around it ({0} is the figure), where
        { "binary size", "NativeAOT binary (about {0}, no .NET runtime needed)", "the top" },
        { "binary size", "| binary | {0}, no runtime needed |", "the benchmark table" },
        { "quick start, warm NuGet cache", "about {0} the first time", "the quick start" },
        { "quick start, empty NuGet cache", ", {0} in all.", "the quick start" },
        { "NuGet download, empty cache", "NuGet first downloads {0}", "the quick start" },
        { "NuGet cache on disk, after", "({0} once unpacked", "the quick start" },
        { "idle RSS", "a lone Tend then idles at {0} RSS", "the benchmarks" },
        { "idle threads", "RSS with {0} threads", "the benchmarks" },
    };

    [Theory]
    [MemberData(nameof(Quotes))]
    public void The_README_quotes_the_measured_figure(string figure, string phrase, string where)
    {
        Assert.True(Figures.TryGetValue(figure, out var value), $"bench/results/FIGURES.md has no '{figure}' row: run scripts/measure-readme.sh");
        var quoted = string.Format(System.Globalization.CultureInfo.InvariantCulture, phrase, value);
        Assert.True(Readme.Contains(quoted, StringComparison.Ordinal),
            $"README.md ({where}) should say \"{quoted}\" (bench/results/FIGURES.md), but does not; it says: " +
            string.Join(" / ", Around(phrase)));
    }

    [Fact]
    public void The_README_gives_the_binary_one_size()
    {
        var sizes = BinarySize().Matches(Readme).Select(m => m.Groups["mb"].Value).Distinct().ToList();
        Assert.Equal([Figures["binary size"].Replace(" MB", "", StringComparison.Ordinal)], sizes);
    }

    [Fact]
    public void The_README_gives_a_lone_Tend_one_thread_count()
    {
        var counts = ThreadCount().Matches(Readme).Select(m => m.Groups["n"].Value).Distinct().ToList();
        Assert.Equal([Figures["idle threads"]], counts);
    }

    /// <summary>What the README says where the phrase should be: the text between the phrase's fixed parts.</summary>
    private static IEnumerable<string> Around(string phrase)
    {
        var parts = phrase.Split("{0}");
        var pattern = Regex.Escape(parts[0]) + "(.{0,40}?)" + Regex.Escape(parts[1]);
        var found = Regex.Matches(Readme, pattern).Select(m => m.Value).ToList();
        return found.Count > 0 ? found : ["nothing of the kind"];
    }

    [GeneratedRegex(@"^\| (?<key>[^|]+?) \| (?<value>[^|]+?) \|$", RegexOptions.Multiline)]
    private static partial Regex FigureRow();

    /// <summary>"N.N MB" where the README speaks of the binary's size.</summary>
    [GeneratedRegex(@"(?:binary \(about |\| binary \| )(?<mb>[\d.]+) MB")]
    private static partial Regex BinarySize();

    /// <summary>A thread count given for Tend: "(N threads)" or "with N threads".</summary>
    [GeneratedRegex(@"(?:\(|with )(?<n>\d+(?: to \d+)?) threads")]
    private static partial Regex ThreadCount();
}
