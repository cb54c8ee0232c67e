using Tend.Config;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;

namespace Tend.UnitTests.Export;

/// <summary>An https probe in tend.yaml, exported: compose runs `tend probe http URL --insecure-skip-verify`, Kubernetes an HTTPS httpGet.</summary>
public sealed class HttpsProbeExportTests
{
    private static ProbeSpec Probe(string yaml)
    {
        var result = ConfigLoader.LoadText(yaml, "tend.yaml", new Dictionary<string, string>());
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config!.Programs[0].Readiness!;
    }

    [Fact]
    public void Compose_keeps_the_choice_to_skip_verification()
    {
        var probe = Probe("programs:\n  web:\n    command: [web]\n    readiness: {http: \"https://127.0.0.1:8443/\", insecure_skip_verify: true}\n");
        Assert.Equal(["tend", "probe", "http", "https://127.0.0.1:8443/", "--timeout", "1s", "--insecure-skip-verify"], ComposeHealthcheck.ProbeCommand(probe));
    }

    [Fact]
    public void Kubernetes_gets_an_https_httpGet_and_a_note_that_the_kubelet_does_not_verify()
    {
        var probe = Probe("programs:\n  web:\n    command: [web]\n    readiness: {http: \"https://web.example:8443/ready\"}\n");
        var notes = new List<string>();
        var yaml = Tend.Config.Writing.YamlWriter.Write(KubernetesProbes.From(probe, liveness: false, notes.Add));
        Assert.Contains("scheme: HTTPS", yaml);
        Assert.Contains("port: 8443", yaml);
        Assert.Contains(notes, n => n.Contains("does not verify", StringComparison.Ordinal));
    }
}
