using Tend.Export.Compose;
using Tend.Export.Convert;
using Tend.Export.Kubernetes;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>Issue 26 item 3: limits:, rlimits: and oom_score_adj: as users write them, their errors, and what export makes of them.</summary>
public class LimitsKeysTests
{
    private const string Web = """
        programs:
          web:
            command: ["/app/web"]
            limits: {memory: 256m, cpu: 0.5, pids: 100}
            rlimits: {nofile: "1024:4096", core: 0, memlock: unlimited}
            oom_score_adj: 300
        """;

    [Fact]
    public void The_keys_read_as_written_with_dockers_size_units()
    {
        var p = LoadSingle(Web);
        Assert.Equal(new ResourceLimits { MemoryBytes = 256L << 20, Cpus = 0.5, Pids = 100 }, p.Limits);
        Assert.Equal([new RlimitSpec("nofile", 1024, 4096), new RlimitSpec("core", 0, 0), new RlimitSpec("memlock", RlimitSpec.Unlimited, RlimitSpec.Unlimited)], p.Rlimits);
        Assert.Equal(300, p.OomScoreAdj);
        Assert.Equal(512L << 20, LoadSingle("programs:\n  a:\n    command: x\n    limits: {memory: 512MiB}\n").Limits!.MemoryBytes);
    }

    [Theory]
    [InlineData("limits: {memory: lots}", "4:22", "invalid value for 'limits.memory': 'lots'")]
    [InlineData("limits: {cpu: 0}", "4:19", "invalid value for 'limits.cpu': '0'")]
    [InlineData("limits: {pids: -1}", "4:20", "invalid value for 'limits.pids': '-1'")]
    [InlineData("limits: {memroy: 1g}", "4:14", "unknown key 'memroy' in 'limits'")]
    [InlineData("rlimits: {nofiles: 10}", "4:15", "unknown resource 'nofiles' in 'rlimits'")]
    [InlineData("rlimits: {nofile: \"10:5\"}", "4:23", "'rlimits.nofile': the soft limit 10 is above the hard limit 5")]
    [InlineData("rlimits: {nofile: many}", "4:23", "invalid value for 'rlimits.nofile': 'many'")]
    [InlineData("oom_score_adj: 2000", "4:20", "invalid value for 'oom_score_adj': '2000'")]
    public void A_wrong_value_is_an_error_at_its_place(string line, string at, string message)
    {
        var result = Load($"programs:\n  a:\n    command: x\n    {line}\n");
        Assert.Equal(message, SingleErrorAt(result, at).Message);
    }

    [Fact]
    public void Compose_gets_mem_limit_cpus_pids_limit_ulimits_and_oom_score_adj()
    {
        var config = Load(Web).Config!;
        var text = ComposeExporter.Export(config, new ComposeOptions { Image = "app" }).Text;
        Assert.Contains("    mem_limit: 268435456\n    cpus: 0.5\n    pids_limit: 100\n", text);
        Assert.Contains("      nofile:\n        soft: 1024\n        hard: 4096\n", text);
        Assert.Contains("      memlock:\n        soft: -1\n        hard: -1\n", text);
        Assert.Contains("    oom_score_adj: 300\n", text);
    }

    [Fact]
    public void Kubernetes_gets_the_programs_own_limits_over_the_blanket_flag_and_notes_the_rest()
    {
        var config = Load(Web).Config!;
        var result = KubernetesExporter.Export(config, new KubernetesOptions { Image = "app", Limits = new Dictionary<string, string> { ["memory"] = "1Gi", ["ephemeral-storage"] = "1Gi" } });
        Assert.Contains("cpu: 500m", result.Text);
        Assert.Contains("memory: \"256Mi\"", result.Text);
        Assert.DoesNotContain("memory: \"1Gi\"", result.Text);
        Assert.Contains("ephemeral-storage", result.Text);
        Assert.Contains("limits.pids 100 has no per-container field", result.Text);
        Assert.Contains("rlimits nofile=1024:4096, core=0, memlock=unlimited: Kubernetes has no ulimits", result.Text);
    }

    [Fact]
    public void Tend_yaml_written_back_reads_the_same()
    {
        var p = LoadSingle(Web);
        var text = ConfigToYaml.Convert(new TendConfig(), [p]).Text;
        var again = LoadSingle(text);
        Assert.Equal(p.Limits, again.Limits);
        Assert.Equal(p.Rlimits, again.Rlimits);
        Assert.Equal(p.OomScoreAdj, again.OomScoreAdj);
    }
}
