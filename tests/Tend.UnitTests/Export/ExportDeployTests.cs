using Tend.Config;
using Tend.Config.Crontab;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using Tend.Model;
using Tend.Scheduling;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 23: exports that keep what the configuration means on the engine that runs them. A
/// jobs-only config exports to Kubernetes; a schedule in seconds keeps its rhythm (compose's
/// crontab line is read back by the crontab reader and compared occurrence by occurrence; no
/// CronJob is written where none can say it); a probe of a loopback address is run inside the
/// container; a one-shot that needs a long-running program is never an init container.
/// </summary>
public class ExportDeployTests
{
    private static TendConfig JobsOnly(string schedule) => new()
    {
        Source = "jobs.yaml",
        Jobs = [new JobSpec { Name = "tick", Schedule = JobSchedule.Parse(schedule), Command = ["/bin/echo", "hi"] }],
    };

    [Theory]
    [InlineData(KubernetesLayout.Pod)]
    [InlineData(KubernetesLayout.Split)]
    public void A_config_with_jobs_only_exports_to_kubernetes(KubernetesLayout layout)
    {
        var result = KubernetesExporter.Export(JobsOnly("*/5 * * * *"), KubernetesExporterTests.Pod with { Layout = layout });
        Assert.Contains("kind: CronJob", result.Text);
        Assert.DoesNotContain("kind: Deployment", result.Text);
    }

    [Theory]
    [InlineData("*/5 * * * * *")]
    [InlineData("30 */2 * * * *")]
    [InlineData("0 0 12 * * MON")]
    public void A_seconds_schedule_keeps_its_rhythm_in_the_compose_cron_service(string schedule)
    {
        var text = ComposeExporter.Export(JobsOnly(schedule), new ComposeOptions { Image = "app" }).Text;
        var line = ExportedYaml.Scalar(ExportedYaml.Path(ExportedYaml.Documents(text)[0], "services", "tick", "environment", "TEND_CRONTAB")!);
        var dir = Directory.CreateTempSubdirectory("tend-crontab-");
        var crontab = Path.Combine(dir.FullName, "crontab");
        File.WriteAllText(crontab, line.Replace("$$", "$", StringComparison.Ordinal) + "\n");
        var read = CrontabLoader.AddTo(new TendConfig(), crontab, system: false);
        dir.Delete(recursive: true);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var exported = Assert.Single(read.Config!.Jobs).Schedule;
        var original = JobSchedule.Parse(schedule);
        var at = new DateTimeOffset(2026, 12, 4, 23, 59, 0, TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            var expected = original.NextAfter(at, TimeZoneInfo.Utc, at);
            Assert.Equal(expected, exported.NextAfter(at, TimeZoneInfo.Utc, at));
            at = expected!.Value;
        }
    }

    [Theory]
    [InlineData(KubernetesLayout.Pod)]
    [InlineData(KubernetesLayout.Split)]
    public void A_seconds_schedule_is_run_by_tend_in_a_container_not_as_a_cronjob_at_another_rhythm(KubernetesLayout layout)
    {
        var result = KubernetesExporter.Export(JobsOnly("*/5 * * * * *"), KubernetesExporterTests.Pod with { Layout = layout });
        Assert.DoesNotContain("kind: CronJob", result.Text);
        Assert.Contains("kind: Deployment", result.Text);
        Assert.Contains("value: \"*/5 * * * * * * /bin/echo hi\"", result.Text);
        Assert.Contains("exec tend run --crontab", result.Text);
        Assert.Contains(result.Warnings, w => w.Contains("no exact CronJob form", StringComparison.Ordinal));
    }

    [Fact]
    public void A_loopback_probe_runs_inside_the_container_and_keeps_its_timings()
    {
        var config = new TendConfig
        {
            Source = "web.yaml",
            Programs =
            [
                new ProgramSpec
                {
                    Name = "web", Command = ["/usr/sbin/nginx"],
                    Readiness = new ProbeSpec
                    {
                        Kind = ProbeKind.Http, Url = "http://127.0.0.1:8080/healthz", InitialDelay = TimeSpan.FromSeconds(4),
                        Interval = TimeSpan.FromSeconds(3), Timeout = TimeSpan.FromSeconds(2), FailureThreshold = 5, SuccessThreshold = 2,
                    },
                    Liveness = new ProbeSpec { Kind = ProbeKind.Tcp, Address = "0.0.0.0:8080" },
                },
            ],
        };
        var text = KubernetesExporter.Export(config, KubernetesExporterTests.Pod).Text;
        Assert.Contains("""
                      readinessProbe:
                        exec:
                          command: [tend, probe, http, "http://127.0.0.1:8080/healthz", "--timeout", 2s]
                        initialDelaySeconds: 4
                        periodSeconds: 3
                        timeoutSeconds: 2
                        failureThreshold: 5
                        successThreshold: 2
            """.Replace("\r", "", StringComparison.Ordinal), text);
        Assert.Contains("livenessProbe:\n            tcpSocket:\n              port: 8080\n", text);
        Assert.DoesNotContain("httpGet", text);
    }

    [Fact]
    public void Oneshots_beside_long_running_programs_are_containers_that_leave_a_mark_and_their_dependents_wait_for_it()
    {
        var result = KubernetesExporter.Export(Load("examples/lemp/tend.yaml"), KubernetesExporterTests.Pod);
        var deployment = ExportedYaml.Documents(result.Text).Single(d => ExportedYaml.Scalar(d["kind"]) == "Deployment");
        var pod = (YamlDotNet.RepresentationModel.YamlMappingNode)ExportedYaml.Path(deployment, "spec", "template", "spec")!;
        List<string> Names(string key) => ((YamlDotNet.RepresentationModel.YamlSequenceNode)pod[key]).Select(c => ExportedYaml.Scalar(c["name"])).ToList();
        List<string> Command(string name) => ExportedYaml.Strings(((YamlDotNet.RepresentationModel.YamlSequenceNode)pod["containers"]).Single(c => ExportedYaml.Scalar(c["name"]) == name)["command"]);
        Assert.False(pod.Children.ContainsKey("initContainers"));
        Assert.Equal(["prepare", "mariadb", "seed", "php-fpm", "nginx"], Names("containers"));
        Assert.Contains("until [ -e /run/tend-order/prepare.done ]", Command("mariadb")[2]);
        // It waits for MariaDB's readiness probe, runs, leaves its mark, then stays.
        Assert.Contains("until /usr/bin/mariadb-admin", Command("seed")[2]);
        Assert.Contains("touch /run/tend-order/seed.done", Command("seed")[2]);
        Assert.Contains("until [ -e /run/tend-order/seed.done ]", Command("php-fpm")[2]);
        Assert.Equal(["/bin/sh", "-c"], Command("php-fpm").Take(2));
        Assert.EndsWith("exec tend -- examples/lemp/bin/php-fpm -F -y /run/tend-lemp/php-fpm.conf", Command("php-fpm")[2]);
        Assert.Contains(result.Warnings, w => w.Contains(": seed: needs a long-running program", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains(": nginx: depends_on php-fpm (ready) cannot be waited for", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cronjob_takes_the_jobs_time_zone_and_one_without_says_where_its_schedule_is_read()
    {
        var zoned = JobsOnly("30 2 * * *") with { Jobs = [JobsOnly("30 2 * * *").Jobs[0] with { TimeZone = "Europe/Paris" }] };
        var withZone = KubernetesExporter.Export(zoned, KubernetesExporterTests.Pod);
        Assert.Contains("timeZone: Europe/Paris", withZone.Text);
        Assert.DoesNotContain(withZone.Warnings, w => w.Contains("timezone", StringComparison.Ordinal));
        var without = KubernetesExporter.Export(JobsOnly("30 2 * * *"), KubernetesExporterTests.Pod);
        Assert.DoesNotContain("timeZone:", without.Text);
        Assert.Contains(without.Warnings, w => w.Contains("no timezone: Tend reads the schedule in the container's local time", StringComparison.Ordinal));
    }
}
