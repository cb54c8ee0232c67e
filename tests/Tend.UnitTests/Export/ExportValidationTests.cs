using System.Diagnostics;
using Tend.Export;
using Tend.Export.Compose;
using Tend.Export.Convert;
using Tend.Export.Kubernetes;
using Tend.Model;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

/// <summary>
/// Every export of every example and fixture, checked by real validators: Debian's docker-compose
/// (`docker-compose -f FILE config`), the current compose-spec JSON schema (vendored in
/// tests/schema/compose-spec, its source and commit in SOURCE.md), the Kubernetes API models
/// (tests/schema/validate.mjs under node, its packages installed by `npm ci` from the committed
/// lock file on first use: types, enums and required fields), and a strict reading of every
/// Kubernetes document into the API types of the KubernetesClient package (Apache-2.0, generated
/// from Kubernetes' OpenAPI), which rejects an unknown field anywhere as `kubectl
/// --validate=strict` does (the models above allow extra fields). A missing tool fails the test:
/// .ci/run installs docker-compose, the machine has node and npm.
/// </summary>
public class ExportValidationTests
{
    private static readonly Lazy<string> SchemaDir = new(InstallSchemaPackages);

    private static IEnumerable<(string Name, TendConfig Config)> Configs()
    {
        yield return ("demo", Load("examples/demo/tend.yaml"));
        yield return ("lemp", LempWithJobs());
        yield return ("tricky", Load($"{Fixtures}/tricky.yaml"));
        yield return ("supervisord", Load($"{Fixtures}/supervisord.conf"));
        yield return ("runit", Load($"{Fixtures}/runit"));
        yield return ("s6", Load($"{Fixtures}/s6"));
        foreach (var example in Directory.GetDirectories(Path.Combine(RepoRoot, "examples")))
        {
            var name = Path.GetFileName(example);
            if (name != "demo" && File.Exists(Path.Combine(example, "tend.yaml"))) yield return (name, Load($"examples/{name}/tend.yaml"));
        }
    }

    private static List<string> WriteAll(string dir, Func<TendConfig, ExportResult> export, string suffix)
    {
        var files = new List<string>();
        foreach (var (name, config) in Configs())
        {
            var file = Path.Combine(dir, $"{name}{suffix}");
            File.WriteAllText(file, export(config).Text);
            files.Add(file);
        }
        return files;
    }

    private static IEnumerable<List<string>> ComposeFiles(string dir)
    {
        yield return WriteAll(dir, c => ComposeExporter.Export(c, ComposeExporterTests.Image with { KeepVolumes = true, Volumes = ["./shared:/shared"] }), ".compose.yml");
        yield return WriteAll(dir, c => ComposeExporter.Export(c, new ComposeOptions { GroupBy = ComposeGrouping.Group }), ".grouped.compose.yml");
    }

    [Fact(Timeout = 120_000)]
    public async Task Every_compose_export_passes_docker_compose_config()
    {
        await Task.Yield();
        using var dir = new ScratchDir();
        foreach (var file in ComposeFiles(dir.Path).SelectMany(f => f))
        {
            var (code, _, err) = Run(Require("docker-compose"), ["-f", file, "--project-directory", dir.Path, "config", "-q"], dir.Path);
            Assert.True(code == 0, $"docker-compose config rejected {Path.GetFileName(file)}:\n{err}\n{File.ReadAllText(file)}");
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Every_compose_export_matches_the_compose_spec_schema()
    {
        await Task.Yield();
        using var dir = new ScratchDir();
        var files = ComposeFiles(dir.Path).SelectMany(f => f).ToList();
        var (code, output, err) = Run(Require("node"), [Path.Combine(SchemaDir.Value, "validate.mjs"), "compose", .. files], SchemaDir.Value);
        Assert.True(code == 0, $"compose-spec schema:\n{err}{output}");
    }

    [Fact(Timeout = 300_000)]
    public async Task Every_kubernetes_export_matches_the_kubernetes_api_schemas()
    {
        await Task.Yield();
        using var dir = new ScratchDir();
        var files = WriteAll(dir.Path, c => KubernetesExporter.Export(c, KubernetesExporterTests.Pod), ".pod.yaml")
            .Concat(WriteAll(dir.Path, c => KubernetesExporter.Export(c, KubernetesExporterTests.Split), ".split.yaml")).ToList();
        var (code, output, err) = Run(Require("node"), [Path.Combine(SchemaDir.Value, "validate.mjs"), "kubernetes", .. files], SchemaDir.Value);
        Assert.True(code == 0, $"Kubernetes schemas:\n{err}{output}");
    }

    [Fact(Timeout = 300_000)]
    public async Task Every_kubernetes_export_reads_strictly_into_the_api_types_with_no_unknown_field()
    {
        await Task.Yield();
        var deploy = KubernetesExporterTests.Pod with
        {
            Namespace = "shop", Labels = new Dictionary<string, string> { ["team"] = "web" },
            Requests = new Dictionary<string, string> { ["cpu"] = "100m" }, Limits = new Dictionary<string, string> { ["memory"] = "256Mi" },
            ReadOnlyRoot = true,
        };
        var errors = new List<string>();
        foreach (var (name, config) in Configs())
            foreach (var options in new[] { KubernetesExporterTests.Pod, KubernetesExporterTests.Split, deploy, deploy with { Layout = KubernetesLayout.Split } })
                errors.AddRange(StrictKubernetes.Errors(KubernetesExporter.Export(config, options).Text).Select(e => $"{name} ({options.Layout}): {e}"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("stopSignal: SIGQUIT")]       // issue 23: the models' validator let it pass
    [InlineData("livenesProbe: {exec: {command: [true]}}")]
    [InlineData("resources: {limit: {cpu: 1}}")]
    public void The_strict_kubernetes_reading_rejects_an_unknown_field(string field)
    {
        var text = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: x}}\nspec:\n  selector: {{matchLabels: {{a: b}}}}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec:\n      containers:\n        - name: x\n          image: x\n          {field}\n";
        Assert.Single(StrictKubernetes.Errors(text));
        Assert.Empty(StrictKubernetes.Errors(text.Replace(field, "imagePullPolicy: Always", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_compose_schema_is_the_current_one()
    {
        await Task.Yield();
        using var dir = new ScratchDir();
        // start_interval (compose-spec 2023) and models (2024): the copy of the old npm package refused both.
        var compose = Path.Combine(dir.Path, "current.compose.yml");
        File.WriteAllText(compose, "services:\n  web:\n    image: x\n    healthcheck:\n      test: [CMD, tend, health]\n      start_interval: 1s\nmodels:\n  m:\n    model: ai/smollm2\n");
        var (code, output, err) = Run(Require("node"), [Path.Combine(SchemaDir.Value, "validate.mjs"), "compose", compose], SchemaDir.Value);
        Assert.True(code == 0, $"compose-spec schema:\n{err}{output}");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_validators_reject_a_broken_file()
    {
        await Task.Yield();
        using var dir = new ScratchDir();
        var compose = Path.Combine(dir.Path, "bad.compose.yml");
        File.WriteAllText(compose, "services:\n  web:\n    image: x\n    stop_grace: 1s\n");
        var k8s = Path.Combine(dir.Path, "bad.yaml");
        File.WriteAllText(k8s, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: one\n");
        Assert.NotEqual(0, Run(Require("docker-compose"), ["-f", compose, "config", "-q"], dir.Path).Code);
        Assert.NotEqual(0, Run(Require("node"), [Path.Combine(SchemaDir.Value, "validate.mjs"), "compose", compose], SchemaDir.Value).Code);
        Assert.NotEqual(0, Run(Require("node"), [Path.Combine(SchemaDir.Value, "validate.mjs"), "kubernetes", k8s], SchemaDir.Value).Code);
    }

    private static string InstallSchemaPackages()
    {
        var dir = Path.Combine(RepoRoot, "tests", "schema");
        if (File.Exists(Path.Combine(dir, "node_modules", ".package-lock.json"))) return dir;
        var (code, output, err) = Run(Require("npm"), ["ci", "--no-audit", "--no-fund"], dir, TimeSpan.FromMinutes(4));
        if (code != 0) throw new InvalidOperationException($"npm ci in tests/schema failed:\n{err}{output}");
        return dir;
    }

    internal static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{tool} is not installed (.ci/run installs docker-compose; node and npm come with the machine)");
    }

    internal static (int Code, string Out, string Err) Run(string tool, IEnumerable<string> args, string workingDir, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not exit");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    internal sealed class ScratchDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tend-export-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
