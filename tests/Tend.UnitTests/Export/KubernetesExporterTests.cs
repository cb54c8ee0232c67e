using Tend.Export.Kubernetes;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

public class KubernetesExporterTests
{
    internal static readonly KubernetesOptions Pod = new() { Image = "registry.example/lemp:1.0", Layout = KubernetesLayout.Pod };
    internal static readonly KubernetesOptions Split = Pod with { Layout = KubernetesLayout.Split };

    [Fact]
    public void The_demo_example_exports_as_golden() =>
        AssertGolden("demo.k8s-pod.yaml", KubernetesExporter.Export(Load("examples/demo/tend.yaml"), Pod).Text);

    [Fact]
    public void The_lemp_example_exports_as_golden_in_the_pod_layout() =>
        AssertGolden("example-lemp.k8s-pod.yaml", KubernetesExporter.Export(Load("examples/lemp/tend.yaml"), Pod).Text);

    [Fact]
    public void The_cron_app_example_exports_as_golden_in_the_split_layout() =>
        AssertGolden("example-cron-app.k8s-split.yaml", KubernetesExporter.Export(Load("examples/cron-app/tend.yaml"), Split).Text);

    [Fact]
    public void The_lemp_fixture_exports_as_golden_in_the_pod_layout() =>
        AssertGolden("lemp.k8s-pod.yaml", KubernetesExporter.Export(LempWithJobs(), Pod).Text);

    [Fact]
    public void The_lemp_fixture_exports_as_golden_in_the_split_layout() =>
        AssertGolden("lemp.k8s-split.yaml", KubernetesExporter.Export(LempWithJobs(), Split).Text);

    [Fact]
    public void Tricky_strings_export_as_golden() =>
        AssertGolden("tricky.k8s-split.yaml", KubernetesExporter.Export(Load($"{Fixtures}/tricky.yaml"), Split with { Image = null }).Text);

    [Fact]
    public void The_pod_layout_runs_the_oneshot_as_a_container_others_wait_for_and_waits_for_the_longest_stop()
    {
        var text = KubernetesExporter.Export(Load($"{Fixtures}/lemp.yaml"), Pod).Text;
        Assert.Contains("terminationGracePeriodSeconds: 30\n", text);
        // Not an init container: podman's kube play restarts those by the pod's policy (Always).
        Assert.DoesNotContain("initContainers:", text);
        Assert.Contains("touch /run/tend-order/mariadb-init.done", text);
        Assert.Contains("until [ -e /run/tend-order/mariadb-init.done ]; do sleep 1; done; exec tend -- mariadbd", text);
        // Probes of 127.0.0.1 run inside the container: the kubelet's httpGet would go to the pod's IP.
        Assert.Contains("exec:\n              command: [tend, probe, http, \"http://127.0.0.1:8080/\"", text);
        Assert.Contains("exec:\n              command: [tend, probe, tcp, \"127.0.0.1:3306\"", text);
        Assert.Contains("runAsUser: 33", text);
    }

    [Fact]
    public void The_split_layout_gives_each_program_a_deployment_and_a_service_when_a_probe_names_a_port()
    {
        var text = KubernetesExporter.Export(Load($"{Fixtures}/lemp.yaml"), Split).Text;
        Assert.Equal(3, text.Split("kind: Deployment").Length - 1);
        Assert.Equal(3, text.Split("kind: Service").Length - 1);
        Assert.Contains("kind: Service\nmetadata:\n  name: nginx\n", text);
    }

    [Fact]
    public void Jobs_become_cronjobs_and_every_runs_under_tend_in_a_container()
    {
        var result = KubernetesExporter.Export(LempWithJobs(), Pod);
        Assert.Contains("kind: CronJob", result.Text);
        Assert.Contains("schedule: \"30 2 * * *\"", result.Text);
        Assert.Contains("timeZone: Europe/Paris", result.Text);
        Assert.Contains("concurrencyPolicy: Forbid", result.Text);
        Assert.Contains("activeDeadlineSeconds: 1800", result.Text);
        Assert.Contains(result.Warnings, w => w.StartsWith("heartbeat: schedule \"@every 30s\" has no exact CronJob form", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("*/5 * * * *", "*/5 * * * *", false)]
    [InlineData("@hourly", "@hourly", false)]
    [InlineData("@Daily", "@daily", false)]
    [InlineData("0 */5 * * * *", "*/5 * * * *", true)]
    [InlineData("30 * * * * *", null, true)]
    [InlineData("@every 1m", null, true)]
    [InlineData("@reboot", null, true)]
    public void Cron_schedules_map_to_what_a_cronjob_accepts(string schedule, string? expected, bool noted)
    {
        Assert.Equal(expected, KubernetesCronJobs.Schedule(schedule, out var why));
        Assert.Equal(noted, why is not null);
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("Tricky_Name.1", "tricky-name-1")]
    [InlineData("3d", "p-3d")]
    public void Names_become_dns_labels(string name, string label) => Assert.Equal(label, KubernetesNames.Label(name));

    [Fact]
    public void Kubernetes_variable_references_are_escaped()
    {
        var text = KubernetesExporter.Export(Load($"{Fixtures}/tricky.yaml"), Split).Text;
        Assert.Contains("$$(date)", text);
        Assert.DoesNotContain(" $(date)", text);
    }
}
