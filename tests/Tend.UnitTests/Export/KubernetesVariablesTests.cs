using FsCheck.Xunit;
using Tend.Export.Kubernetes;
using Tend.Model;
using Tend.UnitTests.Properties;
using static Tend.UnitTests.Export.KubernetesExpansionModel;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 16 item 5: what the Kubernetes export writes for a command, an argument or an env value
/// must come out of Kubernetes' expansion as the program had it in Tend, whatever '$' it holds.
/// </summary>
public class KubernetesVariablesTests
{
    [Theory]
    [InlineData("$(HOME)", "«HOME»")]
    [InlineData("$$(HOME)", "$(HOME)")]
    [InlineData("$$", "$")]
    [InlineData("$", "$")]
    [InlineData("a$b", "a$b")]
    [InlineData("$(open", "$$(open")]
    [InlineData("$()", "«»")]
    public void The_model_follows_the_rules_of_Kubernetes_expansion(string text, string expanded) =>
        Assert.Equal(expanded, Expand(text, EveryNameDefined));

    [Fact]
    public void The_model_leaves_an_undefined_variable_as_written() =>
        Assert.Equal("$(NOPE) and $", Expand("$(NOPE) and $$", NoNameDefined));

    [Theory]
    [InlineData("echo $$ > pid")]
    [InlineData("echo literal $$(HOME)")]
    [InlineData("$(HOME)")]
    [InlineData("price: 5$")]
    [InlineData("$$$")]
    [InlineData("$é and $✓")]
    [InlineData("$(unclosed")]
    public void An_exported_command_reaches_the_container_as_written(string arg)
    {
        var config = new TendConfig
        {
            Programs = [new ProgramSpec { Name = "web", Command = ["/bin/sh", "-c", arg], Environment = new Dictionary<string, string> { ["V"] = arg } }],
        };
        var text = KubernetesExporter.Export(config, KubernetesExporterTests.Split).Text;
        var container = ExportedYaml.Containers(text).Single();

        Assert.Equal(["tend", "--", "/bin/sh", "-c", arg], ExportedYaml.Strings(container["command"]).Select(a => Expand(a, EveryNameDefined)));
        Assert.Equal(arg, Expand(ExportedYaml.EnvValue(container, "V"), EveryNameDefined));
    }

    [Property(MaxTest = 1000)]
    public bool Escaped_text_expands_back_to_itself(int seed, string noise)
    {
        var text = Inputs.Assemble(seed, ExportedYaml.ValidUnicode(noise), ["$", "$$", "$(", "(", ")", "HOME", "é", "✓", "😀", "a", " "]);
        var escaped = KubernetesVariables.Escape(text);
        return Expand(escaped, EveryNameDefined) == text && Expand(escaped, NoNameDefined) == text;
    }
}
