using System.Text.Json;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20: crontab files as cron and supercronic read them. Schedules in local time (TZ) unless
/// CRON_TZ or `timezone:` names a zone; variable lines for the whole file (supercronic); and the
/// cron dialect (`--crontab-dialect cron`): `%` as standard input, `\%`, `@reboot`, variables for
/// the lines after them.
/// </summary>
public class CrontabDialectTests
{
    private static string Check(IDictionary<string, string> env, params string[] args)
    {
        var (code, output, error) = Tools.Run(Paths.Tend, ["check", .. args], env: env);
        Assert.True(code == 0, $"tend check: {code}\n{output}\n{error}");
        return output;
    }

    private static readonly Dictionary<string, string> Tokyo = new() { ["TZ"] = "Asia/Tokyo" };

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_crontab_run_at_nine_in_the_local_time_TZ_names()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", "0 9 * * * /usr/local/bin/report\n");

        var output = Check(Tokyo, "--crontab", crontab);

        Assert.Matches(@"next run: \d{4}-\d\d-\d\d 09:00:00 \+09:00 \(Asia/Tokyo\)", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_jobs_in_tend_yaml_follow_the_same_rule_and_a_zone_I_name_win()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var config = dir.Write("tend.yaml", """
            jobs:
              local:
                schedule: "0 9 * * *"
                command: [/bin/true]
              named:
                schedule: "0 9 * * *"
                timezone: UTC
                command: [/bin/true]
            """);

        var output = Check(Tokyo, config);

        Assert.Matches(@"next run: \d{4}-\d\d-\d\d 09:00:00 \+09:00 \(Asia/Tokyo\)", output);
        Assert.Matches(@"next run: \d{4}-\d\d-\d\d 09:00:00 \+00:00", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_CRON_TZ_win_over_TZ_even_when_written_after_the_job_line()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", "0 9 * * * /usr/local/bin/report\nCRON_TZ=Europe/Paris\n");

        var output = Check(Tokyo, "--crontab", crontab);

        Assert.Matches(@"next run: \d{4}-\d\d-\d\d 09:00:00 \+0[12]:00 \(Europe/Paris\)", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_variable_line_hold_for_the_job_lines_before_it_as_in_supercronic()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", """
            * * * * * * * echo "greeting=$GREETING"
            GREETING=written after the job
            """);
        using var tend = TendHost.Start(["run", "--crontab", crontab]);

        tend.WaitForLine("cron-1 | greeting=written after the job");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_file_written_for_cron_as_is_with_the_cron_dialect()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", """
            # straight from a cron image
            @reboot tr a-z A-Z %hello \%world%second line
            @reboot printf 'percent=\%s\n' ok
            @reboot echo "who=$WHO"
            WHO=only for the lines after me
            @reboot echo "then who=$WHO"
            0 0 1 1 * 2099 echo never
            """);
        using var tend = TendHost.Start(["run", "--crontab-dialect", "cron", "--crontab", crontab]);

        tend.WaitForLine("cron-1 | HELLO %WORLD");
        tend.WaitForLine("cron-1 | SECOND LINE");
        tend.WaitForLine("cron-2 | percent=ok");
        tend.WaitForLine("cron-3 | who=");
        tend.WaitForLine("cron-4 | then who=only for the lines after me");
        // @reboot runs once: its job has no next run after the start.
        var (code, json, error) = Ctl.Run(tend, "ctl", "status", "--json");
        Assert.True(code is 0 or 3, error);
        using var doc = JsonDocument.Parse(json);
        var job = doc.RootElement.GetProperty("jobs").EnumerateArray().First(j => j.GetProperty("name").GetString() == "cron-1");
        Assert.False(job.TryGetProperty("next_run", out _), json);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_am_told_how_to_read_a_reboot_line_when_the_dialect_is_supercronics()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", "@reboot /usr/local/bin/warm-cache\n");

        var (code, _, error) = Tools.Run(Paths.Tend, ["check", "--crontab", crontab]);

        Assert.Equal(100, code);
        Assert.Contains("crontab:1: error: @reboot is not in supercronic's reading of crontab files", error);
        Assert.Contains("--crontab-dialect cron", error);
    }
}
