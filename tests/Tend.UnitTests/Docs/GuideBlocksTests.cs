using System.Text.RegularExpressions;
using Tend.Config;
using Tend.UnitTests.Export;

namespace Tend.UnitTests.Docs;

/// <summary>
/// Issue 20, item 8: the guides are followed word for word, so what they show must work as shown.
/// Every fenced block of README.md and docs/ (the migration guides, the walkthrough) is read here:
/// a tend.yaml loads without an error, and a Dockerfile copies only from a stage it defines or
/// from `tend` (the repository's image), is whole (starts with FROM) in a migration guide, gives
/// `tend run` a CMD it can read (a CMD is handed to the ENTRYPOINT as arguments: only `-- CMD...`
/// means a main program), and runs the binary from where it put it. A guide that rots fails here.
/// (Building the images and running them is tests/Tend.ContainerTests' part; see the report of
/// issue 20 for what is covered there.)
/// </summary>
public partial class GuideBlocksTests
{
    /// <summary>A fenced block: the file it is in, its first line's number, its language and its text.</summary>
    public sealed record Block(string File, int Line, string Language, string Text)
    {
        public override string ToString() => $"{File}:{Line}";
    }

    private static readonly string[] Documents =
        [.. new[] { "README.md" }.Concat(Directory.EnumerateFiles(Path.Combine(ExportFixtures.RepoRoot, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ExportFixtures.RepoRoot, f)).Order(StringComparer.Ordinal))];

    public static IEnumerable<Block> Blocks()
    {
        foreach (var doc in Documents)
        {
            var lines = File.ReadAllLines(Path.Combine(ExportFixtures.RepoRoot, doc));
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
                var language = lines[i][3..].Trim();
                var start = i + 1;
                while (++i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal)) { }
                yield return new Block(doc.Replace('\\', '/'), start, language, string.Join('\n', lines[start..Math.Min(i, lines.Length)]));
            }
        }
    }

    public static TheoryData<string> Dockerfiles() => Of(b => b.Language == "dockerfile");

    /// <summary>YAML blocks that are a tend.yaml (a top-level programs: or jobs:), whole.</summary>
    public static TheoryData<string> TendYamls() => Of(b => b.Language == "yaml" && TopLevelTendKey().IsMatch(b.Text));

    private static TheoryData<string> Of(Func<Block, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var b in Blocks().Where(which)) data.Add(b.ToString());
        return data;
    }

    private static Block Find(string where) => Blocks().Single(b => b.ToString() == where);

    [Theory]
    [MemberData(nameof(TendYamls))]
    public void A_tend_yaml_shown_loads_without_an_error(string where)
    {
        var block = Find(where);
        // In a directory of its own, with an (empty) crontab file where `crontab:` names one.
        var dir = Directory.CreateTempSubdirectory("tend-guide-");
        try
        {
            var path = Path.Combine(dir.FullName, "tend.yaml");
            File.WriteAllText(path, block.Text);
            if (CrontabKey().Match(block.Text) is { Success: true } crontab) File.WriteAllText(Path.Combine(dir.FullName, crontab.Groups["file"].Value), "");
            var result = ConfigLoader.Load(path, new Dictionary<string, string>());
            Assert.False(result.HasErrors, $"{where}: the tend.yaml shown does not load:\n{string.Join('\n', result.Diagnostics)}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void A_Dockerfile_copies_only_from_a_stage_it_defines_or_the_tend_image(string where)
    {
        var block = Find(where);
        var stages = StageName().Matches(block.Text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in CopyFrom().Matches(block.Text))
        {
            var from = m.Groups["from"].Value;
            Assert.True(from == "tend" || stages.Contains(from),
                $"{where}: COPY --from={from} names no stage of this Dockerfile and is not the repository's image `tend` (docker build -t tend .)");
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void A_migration_guides_Dockerfile_is_whole(string where)
    {
        var block = Find(where);
        if (!block.File.StartsWith("docs/migrating/", StringComparison.Ordinal)) return;
        Assert.True(block.Text.TrimStart().StartsWith("FROM ", StringComparison.Ordinal),
            $"{where}: a guide's Dockerfile is followed word for word, so it must be whole (start with FROM), not a fragment to merge by hand");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void A_Dockerfile_gives_tend_run_a_CMD_it_reads_and_runs_the_binary_where_it_put_it(string where)
    {
        var block = Find(where);
        var entrypoint = Instruction(block.Text, "ENTRYPOINT");
        var cmd = Instruction(block.Text, "CMD");
        if (entrypoint is [var binary, "run", ..] && binary.EndsWith("tend", StringComparison.Ordinal))
        {
            Assert.True(cmd is null || cmd is ["--", ..],
                $"{where}: CMD [{string.Join(", ", cmd ?? [])}] becomes `tend run {string.Join(' ', cmd ?? [])}`, read as a configuration file; " +
                "drop it, or write the main program as CMD [\"--\", ...]");
            var from = FirstFrom().Match(block.Text).Groups["image"].Value;
            var copied = CopyTo().Matches(block.Text).Select(m => m.Groups["to"].Value);
            Assert.True(from == "tend" || copied.Contains(binary),
                $"{where}: ENTRYPOINT runs {binary}, which this Dockerfile does not put there (COPY --from=tend /usr/bin/tend {binary})");
        }
    }

    /// <summary>The last exec-form instruction of that name, as its argv (null when absent).</summary>
    private static string[]? Instruction(string dockerfile, string name)
    {
        var match = ExecForm().Matches(dockerfile).LastOrDefault(m => m.Groups["name"].Value == name);
        if (match is null) return null;
        return [.. Regex.Matches(match.Groups["args"].Value, "\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"(?m)^crontab:\s*(?<file>[\w.-]+)")]
    private static partial Regex CrontabKey();

    [GeneratedRegex(@"(?m)^(programs|jobs):")]
    private static partial Regex TopLevelTendKey();

    [GeneratedRegex(@"(?im)^FROM\s+\S+\s+AS\s+(?<name>\S+)")]
    private static partial Regex StageName();

    [GeneratedRegex(@"(?im)^FROM\s+(?<image>\S+)")]
    private static partial Regex FirstFrom();

    [GeneratedRegex(@"(?im)^COPY\s+--from=(?<from>\S+)")]
    private static partial Regex CopyFrom();

    [GeneratedRegex(@"(?im)^COPY\s+--from=\S+\s+\S+\s+(?<to>\S+)\s*$")]
    private static partial Regex CopyTo();

    [GeneratedRegex(@"(?m)^(?<name>ENTRYPOINT|CMD)\s+\[(?<args>.*)\]\s*$")]
    private static partial Regex ExecForm();
}
