using Tend.Config;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;
using YamlDotNet.RepresentationModel;
using static Tend.UnitTests.Export.ExportedYaml;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 23 item 4: what a user declares with <c>persistent:</c> outlives the containers of the
/// export (a named compose volume, a PersistentVolumeClaim), and the deployment's own choices
/// (namespace, labels, resources, a restricted securityContext) land in every manifest. Each
/// config is a tend.yaml written here and read as `tend export` reads it (references kept).
/// </summary>
public class ExportStorageTests
{
    private const string Database = """
        programs:
          init:
            command: ["/bin/sh", "-c", "mkdir -p \"$DATA/db\""]
            environment: {DATA: "${DB_DATA:-/var/lib/db}"}
            restart: never
          db:
            command: ["/usr/sbin/dbd", "--datadir=${DB_DATA:-/var/lib/db}/db"]
            persistent: ["${DB_DATA:-/var/lib/db}"]
            depends_on: {init: completed_successfully}
          web:
            command: ["/usr/bin/web", "--port=8080"]
            user: "1000"
        """;

    internal static TendConfig Read(string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("tend-storage-");
        try
        {
            var file = System.IO.Path.Combine(dir.FullName, "tend.yaml");
            File.WriteAllText(file, yaml);
            var result = ConfigLoader.Load(file, VariableReferences.Keeping());
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            return result.Config! with { Source = "app/tend.yaml" };
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static KubernetesOptions Pod => new() { Image = "app:1", Name = "app" };

    [Fact]
    public void A_persistent_directory_is_a_named_compose_volume_in_every_service_that_names_it()
    {
        var doc = Documents(ComposeExporter.Export(Read(Database), new ComposeOptions { Image = "app:1" }).Text)[0];
        Assert.Contains("var-lib-db", Keys(Path(doc, "volumes")!));
        Assert.Equal(["var-lib-db:${DB_DATA:-/var/lib/db}"], Strings(Path(doc, "services", "db", "volumes")!));
        Assert.Equal(["var-lib-db:${DB_DATA:-/var/lib/db}"], Strings(Path(doc, "services", "init", "volumes")!));
        Assert.Null(Path(doc, "services", "web", "volumes"));
    }

    [Theory]
    [InlineData(KubernetesLayout.Pod)]
    [InlineData(KubernetesLayout.Split)]
    public void A_persistent_directory_is_a_claim_mounted_in_each_container_that_names_it(KubernetesLayout layout)
    {
        var result = KubernetesExporter.Export(Read(Database), Pod with { Layout = layout, Storage = "5Gi" });
        var docs = Documents(result.Text);
        var claim = Assert.Single(docs, d => Scalar(d["kind"]) == "PersistentVolumeClaim");
        Assert.Equal("app-var-lib-db", Scalar(Path(claim, "metadata", "name")!));
        Assert.Equal("5Gi", Scalar(Path(claim, "spec", "resources", "requests", "storage")!));
        Assert.Equal(["ReadWriteOnce"], Strings(Path(claim, "spec", "accessModes")!));

        var holder = Assert.Single(docs, d => Scalar(d["kind"]) == "Deployment" && Path(d, "spec", "template", "spec", "volumes") is YamlSequenceNode v
            && v.Cast<YamlMappingNode>().Any(x => Path(x, "persistentVolumeClaim", "claimName") is { } n && Scalar(n) == "app-var-lib-db"));
        Assert.Equal("Recreate", Scalar(Path(holder, "spec", "strategy", "type")!));
        var pod = (YamlMappingNode)Path(holder, "spec", "template", "spec")!;
        var mounted = new[] { "initContainers", "containers" }
            .SelectMany(k => pod.Children.TryGetValue(k, out var s) ? ((YamlSequenceNode)s).Cast<YamlMappingNode>() : [])
            .Where(c => c.Children.TryGetValue("volumeMounts", out var m) && ((YamlSequenceNode)m).Cast<YamlMappingNode>()
                .Any(x => Scalar(x["mountPath"]) == "/var/lib/db" && Scalar(x["name"]) == "data-var-lib-db"))
            .Select(c => Scalar(c["name"])).Order().ToList();
        Assert.Equal(["db", "init"], mounted);
        Assert.Contains(result.Warnings, w => w.Contains("mounted at /var/lib/db: a mountPath cannot refer to a variable", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("persistent: [var/lib/db]")]
    [InlineData("persistent: [/]")]
    [InlineData("persistent: {dir: /var/lib/db}")]
    [InlineData("persistent: [/var/lib/db, /var/lib/db/]")]
    public void A_persistent_entry_that_is_not_one_absolute_directory_is_an_error_at_its_line(string line)
    {
        var dir = Directory.CreateTempSubdirectory("tend-storage-");
        var file = System.IO.Path.Combine(dir.FullName, "tend.yaml");
        File.WriteAllText(file, $"programs:\n  db:\n    command: [/usr/sbin/dbd]\n    {line}\n");
        var result = ConfigLoader.Load(file, new Dictionary<string, string>());
        dir.Delete(recursive: true);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains("persistent", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("tend.yaml:4:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Namespace_labels_and_resources_reach_every_object_and_container_but_no_selector()
    {
        var options = Pod with
        {
            Namespace = "shop",
            Labels = new Dictionary<string, string> { ["team"] = "db", ["example.com/tier"] = "backend" },
            Requests = new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "64Mi" },
            Limits = new Dictionary<string, string> { ["memory"] = "256Mi" },
        };
        foreach (var layout in new[] { KubernetesLayout.Pod, KubernetesLayout.Split })
        {
            var docs = Documents(KubernetesExporter.Export(Read(Database), options with { Layout = layout }).Text);
            foreach (var d in docs)
            {
                Assert.Equal("shop", Scalar(Path(d, "metadata", "namespace")!));
                Assert.Equal("db", Scalar(Path(d, "metadata", "labels", "team")!));
                if (Path(d, "spec", "selector", "matchLabels") is YamlMappingNode selector) Assert.DoesNotContain("team", Keys(selector));
                if (Path(d, "spec", "template") is YamlMappingNode template) Assert.Equal("backend", Scalar(Path(template, "metadata", "labels", "example.com/tier")!));
            }
            var containers = docs.Select(d => Path(d, "spec", "template", "spec")).OfType<YamlMappingNode>()
                .SelectMany(p => new[] { "initContainers", "containers" }.SelectMany(k => p.Children.TryGetValue(k, out var s) ? ((YamlSequenceNode)s).Cast<YamlMappingNode>() : []))
                .ToList();
            Assert.NotEmpty(containers);
            foreach (var c in containers)
            {
                Assert.Equal("100m", Scalar(Path(c, "resources", "requests", "cpu")!));
                Assert.Equal("256Mi", Scalar(Path(c, "resources", "limits", "memory")!));
            }
        }
    }

    [Fact]
    public void A_numeric_non_root_user_runs_restricted_and_a_read_only_root_keeps_tmp_and_the_volumes_writable()
    {
        var text = KubernetesExporter.Export(Read(Database), Pod with { ReadOnlyRoot = true }).Text;
        var docs = Documents(text);
        var containers = Containers(text).ToList();
        var web = containers.Single(c => Scalar(c["name"]) == "web");
        Assert.Equal("1000", Scalar(Path(web, "securityContext", "runAsUser")!));
        Assert.Equal("true", Scalar(Path(web, "securityContext", "runAsNonRoot")!));
        Assert.Equal("false", Scalar(Path(web, "securityContext", "allowPrivilegeEscalation")!));
        Assert.Null(Path(containers.Single(c => Scalar(c["name"]) == "db"), "securityContext", "runAsNonRoot"));
        foreach (var c in containers)
        {
            Assert.Equal("true", Scalar(Path(c, "securityContext", "readOnlyRootFilesystem")!));
            Assert.Contains("/tmp", ((YamlSequenceNode)c["volumeMounts"]).Cast<YamlMappingNode>().Select(m => Scalar(m["mountPath"])));
        }
        var deployment = docs.Single(d => Scalar(d["kind"]) == "Deployment");
        Assert.Contains(((YamlSequenceNode)Path(deployment, "spec", "template", "spec", "volumes")!).Cast<YamlMappingNode>(),
            v => Scalar(v["name"]) == "tmp" && v.Children.ContainsKey("emptyDir"));
    }

    [Theory]
    [InlineData("label", "Team Name=x", "label key 'Team Name'")]
    [InlineData("label", "team", "expected KEY=VALUE")]
    [InlineData("label", "team=not ok", "label value 'not ok'")]
    [InlineData("resources", "cpu=lots", "'lots' is not a quantity")]
    [InlineData("resources", "gpu=1", "'gpu' is not a container resource")]
    [InlineData("namespace", "Shop", "'Shop' is not a namespace name")]
    public void A_bad_deployment_option_value_is_refused_with_what_was_expected(string kind, string text, string expected)
    {
        string? error = null;
        var parsed = kind switch
        {
            "label" => KubernetesOptionValues.Label(text, out error),
            "resources" => KubernetesOptionValues.Resources(text, out error),
            _ => (object?)KubernetesOptionValues.Namespace(text, out error),
        };
        Assert.Null(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_that_changes_only_persistent_restarts_nothing()
    {
        var before = Read(Database).Programs.Single(p => p.Name == "db");
        Assert.True(Tend.Supervision.SpecComparer.Same(before, before with { Persistent = ["/srv/other"] }));
    }

    [Fact]
    public void Tend_check_shows_the_persistent_directories_tend_run_reads()
    {
        var dir = Directory.CreateTempSubdirectory("tend-storage-");
        var file = System.IO.Path.Combine(dir.FullName, "tend.yaml");
        File.WriteAllText(file, Database);
        var read = ConfigLoader.Load(file, new Dictionary<string, string> { ["DB_DATA"] = "/data/db" });
        dir.Delete(recursive: true);
        Assert.Equal(["/data/db"], read.Config!.Programs.Single(p => p.Name == "db").Persistent);
        Assert.Contains("    persistent: [\"/data/db\"]\n", EffectiveConfigPrinter.Print(read.Config!), StringComparison.Ordinal);
    }
}
