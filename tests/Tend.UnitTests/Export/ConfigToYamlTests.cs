using System.Text.RegularExpressions;
using Tend.Config;
using Tend.Export.Convert;
using Tend.Model;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

public partial class ConfigToYamlTests
{
    [Theory]
    [InlineData("supervisord.conf")]
    [InlineData("runit")]
    [InlineData("s6")]
    [InlineData("tricky.yaml")]
    public void A_fixture_converts_as_golden(string fixture) =>
        AssertGolden($"{fixture.Replace('.', '-')}.tend.yaml", ConfigToYaml.Convert(Load($"{Fixtures}/{fixture}")).Text);

    /// <summary>
    /// The round trip of the issue: the original and the converted file load to the same effective
    /// programs (tend check's output, comments aside: they say what the original had beyond tend.yaml).
    /// </summary>
    [Theory]
    [InlineData("supervisord.conf")]
    [InlineData("runit")]
    [InlineData("s6")]
    [InlineData("tricky.yaml")]
    [InlineData("lemp.yaml")]
    public void The_converted_file_loads_to_the_same_effective_programs(string fixture)
    {
        var original = Load($"{Fixtures}/{fixture}");
        var converted = ConfigToYaml.Convert(original);
        var reloaded = ConfigLoader.LoadText(converted.Text, "converted.yaml", new Dictionary<string, string>());
        Assert.False(reloaded.HasErrors, string.Join("\n", reloaded.Diagnostics) + "\n" + converted.Text);
        Assert.DoesNotContain(reloaded.Diagnostics, d => d.Severity == Severity.Warning);

        var skipped = original.Programs.Where(p => ConfigToYaml.Skipped(p) is not null).Select(p => p.Name).ToHashSet();
        var kept = original with
        {
            Programs = original.Programs.Where(p => !skipped.Contains(p.Name))
                .Select(p => AsYamlProgram(p) with { DependsOn = p.DependsOn.Where(d => !skipped.Contains(d.Program)).ToList() }).ToList(),
        };
        Assert.Equal(Effective(kept), Effective(reloaded.Config!));
    }

    [Fact]
    public void What_tend_yaml_cannot_say_is_a_comment_and_a_warning()
    {
        var result = ConfigToYaml.Convert(Load($"{Fixtures}/s6"));
        foreach (var expected in new[] { "notification-fd 3", "finish script", "shutdown command", "a oneshot" })
            Assert.Contains(expected, result.Text);
        Assert.Contains(result.Warnings, w => w.Contains("notification-fd 3", StringComparison.Ordinal));
        var supervisord = ConfigToYaml.Convert(Load($"{Fixtures}/supervisord.conf"));
        Assert.Contains(supervisord.Warnings, w => w.Contains(": watch: program watch is not converted", StringComparison.Ordinal));
        Assert.DoesNotContain(supervisord.Warnings, w => w.Contains("/tmp/worker.log", StringComparison.Ordinal)); // a key now: stdout.file
        Assert.Contains("file: /tmp/worker.log", supervisord.Text);
    }

    /// <summary>A oneshot is written as restart: never; the rest of the model is what tend.yaml can hold.</summary>
    private static ProgramSpec AsYamlProgram(ProgramSpec p) => p.Kind == ProgramKind.Oneshot ? p with { Restart = RestartPolicy.Never } : p;

    private static string Effective(TendConfig config)
    {
        var text = EffectiveConfigPrinter.Print(config with { Source = null, Layout = ConfigLayout.Yaml, Supervisord = null, S6 = null });
        var lines = text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Select(l => TrailingComment().Replace(l, ""));
        return string.Join('\n', lines);
    }

    [GeneratedRegex("  # .*$")]
    private static partial Regex TrailingComment();
}
