using Tend.Export.Compose;
using Tend.Export.Kubernetes;

namespace Tend.UnitTests.Export;

/// <summary>Issue 24: the startup probe becomes Kubernetes' startupProbe and compose's start_period; ready_log_line cannot be exported and says so.</summary>
public class StartupAndReadyLineExportTests
{
    private const string Config = """
        programs:
          search:
            command: ["/app/search"]
            startup: {tcp: "127.0.0.1:9200", interval: 2s, failure_threshold: 30, initial_delay: 5s}
            liveness: {tcp: "127.0.0.1:9200", interval: 5s}
          worker:
            command: ["/app/worker"]
            ready_log_line: '^listening on [0-9]+$'
        """;

    [Fact]
    public void Kubernetes_gets_a_startupProbe_beside_the_livenessProbe()
    {
        var text = KubernetesExporter.Export(ExportStorageTests.Read(Config), new KubernetesOptions { Image = "app:1" }).Text;

        Assert.Contains("livenessProbe:", text);
        Assert.Contains("startupProbe:\n", text);
        // A loopback address is checked from inside the container (`tend probe tcp`), as for the other probes.
        Assert.Matches(@"startupProbe:\n\s+exec:\n\s+command: \[tend, probe, tcp, ""127.0.0.1:9200""[^\n]*\n\s+initialDelaySeconds: 5\n\s+periodSeconds: 2\n\s+timeoutSeconds: 1\n\s+failureThreshold: 30", text);
    }

    [Fact]
    public void Compose_waits_the_startup_probes_window_as_start_period_and_says_so()
    {
        var result = ComposeExporter.Export(ExportStorageTests.Read(Config), new ComposeOptions { Image = "app:1" });

        Assert.Contains("start_period: 1m5s", result.Text); // 5s + 2s x 30
        Assert.Contains(result.Warnings, w => w.Contains("search: the startup probe is not run: compose waits start_period 1m5s", StringComparison.Ordinal));
    }

    [Fact]
    public void Ready_log_line_is_a_located_warning_in_both_exports()
    {
        var config = ExportStorageTests.Read(Config);
        foreach (var warnings in new[]
                 {
                     ComposeExporter.Export(config, new ComposeOptions { Image = "app:1" }).Warnings,
                     KubernetesExporter.Export(config, new KubernetesOptions { Image = "app:1" }).Warnings,
                 })
            Assert.Contains(warnings, w => w.Contains("tend.yaml:6:3: worker: ready_log_line \"^listening on [0-9]+$\"", StringComparison.Ordinal)
                                           && w.Contains("add a readiness probe", StringComparison.Ordinal));
    }
}
