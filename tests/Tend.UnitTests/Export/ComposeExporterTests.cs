using Tend.Export.Compose;
using Tend.Model;
using static Tend.UnitTests.Export.ExportFixtures;

namespace Tend.UnitTests.Export;

public class ComposeExporterTests
{
    internal static readonly ComposeOptions Image = new() { Image = "registry.example/lemp:1.0" };

    [Fact]
    public void The_demo_example_exports_as_golden() =>
        AssertGolden("demo.compose.yml", ComposeExporter.Export(Load("examples/demo/tend.yaml"), Image).Text);

    [Fact]
    public void The_lemp_example_exports_as_golden() =>
        AssertGolden("example-lemp.compose.yml", ComposeExporter.Export(Load("examples/lemp/tend.yaml"), Image).Text);

    [Fact]
    public void The_cron_app_example_exports_as_golden() =>
        AssertGolden("example-cron-app.compose.yml", ComposeExporter.Export(Load("examples/cron-app/tend.yaml"), Image).Text);

    [Fact]
    public void The_lemp_fixture_with_jobs_exports_as_golden() =>
        AssertGolden("lemp.compose.yml", ComposeExporter.Export(LempWithJobs(), Image with { KeepVolumes = true }).Text);

    [Fact]
    public void Tricky_strings_export_as_golden() =>
        AssertGolden("tricky.compose.yml", ComposeExporter.Export(Load($"{Fixtures}/tricky.yaml"), new ComposeOptions { Volumes = ["./data:/data:ro"] }).Text);

    [Fact]
    public void A_supervisord_conf_grouped_by_group_exports_as_golden() =>
        AssertGolden("supervisord.compose.yml", ComposeExporter.Export(Load($"{Fixtures}/supervisord.conf"), Image with { GroupBy = ComposeGrouping.Group }).Text);

    [Fact]
    public void Restart_policies_map_to_compose_words()
    {
        var text = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image).Text;
        Assert.Contains("  mariadb-init:\n", text);
        Assert.Contains("restart: \"no\"", text);
        Assert.Contains("restart: always", text);
        var tricky = ComposeExporter.Export(Load($"{Fixtures}/tricky.yaml"), Image).Text;
        Assert.Contains("restart: \"on-failure:5\"", tricky);
    }

    [Fact]
    public void Depends_on_conditions_follow_the_dependency_and_its_healthcheck()
    {
        var text = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image).Text;
        Assert.Contains("mariadb-init:\n        condition: service_completed_successfully", text);
        Assert.Contains("mariadb:\n        condition: service_healthy", text);
        // php-fpm has only a liveness probe, which is its healthcheck: nginx's "started" stays started.
        Assert.Contains("php-fpm:\n        condition: service_started", text);
    }

    [Fact]
    public void Http_and_tcp_probes_run_tend_probe_in_the_container()
    {
        var text = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image).Text;
        Assert.Contains("test: [CMD, tend, probe, tcp, \"127.0.0.1:3306\", \"--timeout\", 1s]", text);
        Assert.Contains("test: [CMD, tend, probe, http, \"http://127.0.0.1:8080/\", \"--timeout\", 1s]", text);
    }

    [Fact]
    public void Every_dollar_is_doubled_so_compose_does_not_interpolate_it()
    {
        var text = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image).Text;
        Assert.Contains("DB_PASSWORD: \"s3cr$$t:with \\\"quotes\\\"\"", text);
    }

    [Fact]
    public void What_cannot_be_mapped_is_a_comment_and_a_warning()
    {
        var result = ComposeExporter.Export(Load($"{Fixtures}/tricky.yaml"), new ComposeOptions());
        foreach (var expected in new[] { "placeholder", "umask 027", "autostart: false", "exit_codes 0,2", "success_threshold 2", "liveness probe is not exported" })
        {
            Assert.Contains(result.Warnings, w => w.Contains(expected, StringComparison.Ordinal));
            Assert.Contains(expected, result.Text);
        }
    }

    [Fact]
    public void Programs_sharing_a_working_directory_get_a_warning_without_keep_volumes()
    {
        var result = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image);
        Assert.Contains(result.Warnings, w => w.Contains("share the working directory /var/www/html", StringComparison.Ordinal));
        var kept = ComposeExporter.Export(Load($"{Fixtures}/lemp.yaml"), Image with { KeepVolumes = true });
        Assert.Contains("- \"var-www-html:/var/www/html\"", kept.Text);
        Assert.DoesNotContain(kept.Warnings, w => w.Contains("share the working directory", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_runs_tend_with_its_crontab_line()
    {
        var result = ComposeExporter.Export(LempWithJobs(), Image);
        Assert.Contains("TEND_CRONTAB: \"30 2 * * * mariadb-dump --all-databases > /backup/all-$$(date +%F).sql\"", result.Text);
        Assert.Contains("TEND_CRONTAB: \"@every 30s php /var/www/html/cron.php --say 'it'\\\\''s alive'\"", result.Text);
        Assert.Contains(result.Warnings, w => w.StartsWith("heartbeat: concurrency allow", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("backup: timeout 30m", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "/bin/sh", "-c", "echo hi > /x" }, "echo hi > /x")]
    [InlineData(new[] { "backup", "--to", "/srv" }, "backup --to /srv")]
    [InlineData(new[] { "echo", "it's", "a b" }, "echo 'it'\\''s' 'a b'")]
    public void A_job_command_becomes_shell_text(string[] argv, string expected) =>
        Assert.Equal(expected, CrontabLine.CommandText(argv));

    [Fact]
    public void A_group_service_runs_tend_on_the_groups_own_yaml()
    {
        var text = ComposeExporter.Export(Load($"{Fixtures}/supervisord.conf"), Image with { GroupBy = ComposeGrouping.Group }).Text;
        Assert.Contains("  workers:\n", text);
        Assert.Contains("TEND_YAML:", text);
        Assert.Contains("exec tend run /tmp/tend.yaml", text);
    }
}
