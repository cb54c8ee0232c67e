using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 8: the README's tend.yaml blocks are not only loaded (GuideBlocksTests) but run,
/// as written, under Tend as PID 1, with stand-ins for the programs they name (nginx, postgres,
/// /app/...), and what the README's comments say of each key is checked from the outside: the
/// program's environment, directory, user, umask and forwarded signal; a job's user, directory,
/// environment, zone and next run, and the crontab file of the page run beside it; the start
/// order of depends_on, restart_with and `health: ignore`.
/// </summary>
public partial class ReadmeConfigRunTests
{
    private const string Readme = "README.md";

    private static TempDir OpenDir()
    {
        var dir = new TempDir();
        // The programs of these blocks run as www-data and backup: they must reach the stand-ins.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        return dir;
    }

    [Fact(Timeout = 60_000)]
    public async Task The_configuration_blocks_program_gets_what_each_key_says()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single(Readme, "yaml", "forward_signals: [USR1]").Text;
        using var dir = OpenDir();
        var s = new StandIns(dir);
        var signals = dir.Write("signals", "");
        File.SetUnixFileMode(signals, (UnixFileMode)0b110_110_110);
        s.Add("nginx", $"""
            echo "nginx: $*"
            exec "$DUMMY" print-env KEY then print-cwd then print-umask then print-ids then trap-signals '{signals}' then sleep inf
            """);
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", yaml)], env: s.Environment());

        tend.WaitForLine(l => Regex.IsMatch(l, @"^web\s+\| nginx: -g daemon off;$"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^web\s+\| KEY=value$"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^web\s+\| /srv$"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^web\s+\| 0022$"));
        var ids = tend.WaitForLine(l => Regex.IsMatch(l, @"^web\s+\| uid="));
        Assert.Matches(@"uid=33 gid=33 groups=33$", ids); // www-data, Debian's 33
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING", StringComparison.Ordinal));

        tend.Signal(10); // SIGUSR1: forward_signals
        WaitForFile(signals, "USR1", tend);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        Assert.Contains("TERM", File.ReadAllText(signals), StringComparison.Ordinal); // stop_signal
    }

    [Fact(Timeout = 90_000)]
    public async Task The_jobs_block_and_the_crontab_block_run_as_the_README_says()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single(Readme, "yaml", "jobs:\n  backup:").Text;
        var crontab = DocBlocks.Of(Readme).Single(b => b.Language == "" && b.Text.Contains("GREETING=\"hello\"", StringComparison.Ordinal)).Text;
        using var dir = OpenDir();
        var s = new StandIns(dir);
        s.Add("/usr/local/bin/backup", """
            echo "backup: $*"
            exec "$DUMMY" print-env TARGET then print-cwd then print-ids
            """);
        dir.Write("crontab", crontab); // `crontab: crontab`, relative to the YAML file
        var env = s.Environment();
        env["TZ"] = "UTC"; // the crontab's times are local time: this machine's zone must not move them
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", s.Map(yaml, "/usr/local/bin/"))], env: env);

        // `*/10 * * * * * * date`: seconds first, year last; it runs within ten seconds.
        tend.WaitForLine(l => Regex.IsMatch(l, @"^tend\s+\| job cron-3: pid \d+ exited with 0\b"), TimeSpan.FromSeconds(25));
        Assert.Contains(tend.Stdout, l => Regex.IsMatch(l, @"^cron-3\s+\| \S+ \S+ +\d+ \d\d:\d\d:\d\d \S+ 20\d\d$"));

        var status = Ctl.Run(tend, "ctl", "status", "backup", "cron-1", "cron-2", "cron-4");
        var rows = status.Out.Split('\n');
        var backup = rows.Single(r => r.StartsWith("backup ", StringComparison.Ordinal));
        Assert.Contains("0 3 * * * (Europe/Paris)", backup, StringComparison.Ordinal);
        Assert.Contains(NextThreeOClockInParis().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture), backup, StringComparison.Ordinal);
        // `0 4 * * * 2027`: the sixth field is the year; no run in a year it does not list.
        var cron2 = rows.Single(r => r.StartsWith("cron-2 ", StringComparison.Ordinal));
        var newYear = new DateTime(2027, 1, 1, 4, 0, 0, DateTimeKind.Utc);
        if (DateTime.UtcNow < newYear) Assert.Contains("2027-01-01 04:00:00 UTC", cron2, StringComparison.Ordinal);
        else if (DateTime.UtcNow.Year == 2027) Assert.Contains("2027-", cron2, StringComparison.Ordinal);
        else Assert.DoesNotContain("20", cron2.Split("0 4 * * * 2027")[^1], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("cron-4 ", StringComparison.Ordinal)); // @daily

        Assert.Equal(0, Ctl.Run(tend, "ctl", "run-job", "backup").Code);
        tend.WaitForLine(l => Regex.IsMatch(l, @"^backup\s+\| backup: --all$"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^backup\s+\| TARGET=s3$"));
        tend.WaitForLine(l => Regex.IsMatch(l, @"^backup\s+\| /srv$"));
        Assert.Matches(@"uid=34 gid=34 ", tend.WaitForLine(l => Regex.IsMatch(l, @"^backup\s+\| uid="))); // backup, Debian's 34

        // NAME=value holds for every job of the file: cron-1 echoes $GREETING.
        Assert.Equal(0, Ctl.Run(tend, "ctl", "run-job", "cron-1").Code);
        tend.WaitForLine(l => Regex.IsMatch(l, @"^cron-1\s+\| hello$"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 90_000)]
    public async Task The_dependencies_block_starts_in_order_restarts_with_db_and_ignores_the_exporters_health()
    {
        await Task.Yield();
        var yaml = DocBlocks.Single(Readme, "yaml", "restart_with: [db]").Text;
        using var dir = OpenDir();
        var s = new StandIns(dir);
        Directory.CreateDirectory(dir.File("www"));
        dir.Write("www/ready", "ready\n");
        s.Add("/app/migrate", """echo "migrate: done" """);
        s.Add("postgres", """
            echo "postgres: accepting connections"
            touch "$STATE/db.up"
            exec "$DUMMY" sleep inf
            """);
        s.Add("pg_isready", """test -e "$STATE/db.up" """);
        s.Add("/app/web", """
            cd "$STATE/www" && exec /usr/bin/python3 -m http.server 8080 --bind 127.0.0.1
            """);
        s.Add("/app/exporter", """exec "$DUMMY" echo "exporter: up" then sleep inf""");
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", s.Map(yaml, "/app/"))], env: s.Environment(),
            launcher: StandIns.PrivateNetworkAndRun);

        tend.WaitForLine(l => Regex.IsMatch(l, @"^tend\s+\| web is ready \(HTTP 200\)$"), TimeSpan.FromSeconds(30));
        var lines = tend.Stdout.ToList();
        int At(string pattern) => lines.FindIndex(l => Regex.IsMatch(l, pattern));
        var webStarted = At(@"^tend\s+\| web started pid");
        Assert.True(webStarted > At(@"^tend\s+\| db is ready") && webStarted > At(@"^tend\s+\| migrate exited with 0"),
            "web starts once db is ready and migrate completed:\n" + tend.Transcript());
        Ctl.WaitForStatus(tend, r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING", StringComparison.Ordinal));
        WaitForHealth(tend, 0);

        // health: ignore: the exporter stopped leaves Tend healthy.
        Assert.Equal(0, Ctl.Run(tend, "ctl", "stop", "metrics-exporter").Code);
        Assert.Equal(0, Ctl.Run(tend, "health").Code);

        // restart_with: [db]: web restarts whenever db restarts.
        Assert.Equal(0, Ctl.Run(tend, "ctl", "restart", "db").Code);
        tend.WaitForCount("web started pid", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>03:00 in Paris next, as UTC (the zone the status table writes).</summary>
    private static DateTime NextThreeOClockInParis()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var now = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, paris);
        var next = now.Date.AddHours(3);
        if (next <= now) next = next.AddDays(1);
        return TimeZoneInfo.ConvertTimeToUtc(next, paris);
    }

    private static void WaitForHealth(TendHost tend, int code)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        (int Code, string Out, string Err) last;
        while ((last = Ctl.Run(tend, "health")).Code != code)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"tend health stayed {last.Code}: {last.Out}{last.Err}\n{tend.Transcript()}");
            Thread.Sleep(100); // `tend health` is asked, as Docker asks it; nothing announces the change
        }
    }

    private static void WaitForFile(string path, string text, TendHost tend)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.ReadAllText(path).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} never held {text}:\n{tend.Transcript()}");
            Thread.Sleep(20); // the stand-in appends as the signal arrives; a file has no event to wait on
        }
    }
}
