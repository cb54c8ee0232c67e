using Tend.Config;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;
using YamlDotNet.RepresentationModel;
using static Tend.UnitTests.Export.ExportValidationTests;

namespace Tend.UnitTests.Export;

/// <summary>
/// The attack of issue 16 item 4, as an attacker who can set one environment value writes it: a
/// value naming 127.0.0.1 or localhost is copied into a `# tend:` comment, and a line break other
/// than '\n' in it once ended the comment there, so the rest of the value became keys of the
/// service (docker-compose config showed privileged: true, pid: host, a /:/host:rw volume) or of
/// the Kubernetes container (a privileged securityContext). Each YAML line break is tried.
/// </summary>
public class ExportInjectionTests
{
    /// <summary>The line breaks of YAML 1.1 other than '\n', as escapes in a tend.yaml double-quoted string.</summary>
    public static TheoryData<string> Breaks => new() { "\\r", "\\u0085", "\\u2028", "\\u2029" };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Breaks))]
    public async Task A_line_break_in_an_environment_value_stays_in_the_value_through_docker_compose_config(string br)
    {
        await Task.Yield();
        var attack = $"http://127.0.0.1:8080/{br}    privileged: true{br}    pid: host{br}    volumes: [\\\"/:/host:rw\\\"]{br}    #";
        var config = Attacked(attack);
        using var dir = new ScratchDir();
        var file = Path.Combine(dir.Path, "docker-compose.yml");
        File.WriteAllText(file, ComposeExporter.Export(config, ComposeExporterTests.Image).Text);

        var (code, output, err) = Run(Require("docker-compose"), ["-f", file, "--project-directory", dir.Path, "config"], dir.Path);

        Assert.True(code == 0, $"docker-compose config rejected the export:\n{err}\n{File.ReadAllText(file)}");
        var service = (YamlMappingNode)((YamlMappingNode)Parse(output)["services"])["web"];
        var keys = service.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
        Assert.DoesNotContain("privileged", keys);
        Assert.DoesNotContain("pid", keys);
        Assert.DoesNotContain("volumes", keys);
        Assert.Equal(config.Programs[0].Environment["API"], ((YamlScalarNode)((YamlMappingNode)service["environment"])["API"]).Value);
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public void A_line_break_in_an_environment_value_stays_in_the_value_in_the_kubernetes_export(string br)
    {
        // Indented as the container's keys are in the split layout, where the note is written.
        var attack = $"http://localhost:8080/{br}          securityContext: {{privileged: true}}{br}          #";
        var config = Attacked(attack);

        var text = KubernetesExporter.Export(config, KubernetesExporterTests.Split).Text;

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var deployment = (YamlMappingNode)stream.Documents[0].RootNode;
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
        Assert.DoesNotContain(new YamlScalarNode("securityContext"), container.Children.Keys);
        var env = (YamlMappingNode)((YamlSequenceNode)container["env"])[0];
        Assert.Equal(config.Programs[0].Environment["API"], ((YamlScalarNode)env["value"]).Value);
        Assert.Contains("# tend: environment API=", text);
    }

    /// <summary>The tend.yaml the attacker wrote: one program whose API variable holds <paramref name="value"/> (YAML escapes and all).</summary>
    private static TendConfig Attacked(string value)
    {
        var result = ConfigLoader.LoadText($$"""
            programs:
              web:
                command: ["/app/web"]
                environment:
                  API: "{{value}}"
            """, "tend.yaml", new Dictionary<string, string>());
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains("privileged", result.Config!.Programs[0].Environment["API"]);
        return result.Config;
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
