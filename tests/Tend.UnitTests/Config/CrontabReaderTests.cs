using Tend.Scheduling;
using Tend.Config;
using Tend.Config.Crontab;
using Tend.Model;

namespace Tend.UnitTests.Config;

public class CrontabReaderTests
{
    private static (List<JobSpec> Jobs, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, bool system = false,
        CrontabDialect dialect = CrontabDialect.Supercronic)
    {
        var diagnostics = new DiagnosticBag();
        var jobs = CrontabReader.Read(text, "crontab", system, diagnostics, 1, dialect);
        return (jobs, diagnostics.ToSortedList());
    }

    private const string EnvironmentFile = """
        # nightly things

        */5 * * * * echo first
        GREETING=hello
        QUOTED = "two words"
        0 3 * * * echo "$GREETING $QUOTED" >> /tmp/out
        GREETING='bye'
        @hourly echo last
        SHELL=/bin/bash
        CRON_TZ=Asia/Tokyo
        """;

    /// <summary>Issue 20: supercronic keeps one environment per file, so a variable line holds for the job lines before it too.</summary>
    [Fact]
    public void EnvironmentLines_HoldForTheWholeFile_AsSupercronicAppliesThem()
    {
        var (jobs, diagnostics) = Read(EnvironmentFile);

        Assert.Empty(diagnostics);
        Assert.Equal(["cron-1", "cron-2", "cron-3"], jobs.Select(j => j.Name));
        Assert.All(jobs, j => Assert.Equal("bye", j.Environment["GREETING"])); // the last value of a name wins
        Assert.All(jobs, j => Assert.Equal("two words", j.Environment["QUOTED"]));
        Assert.All(jobs, j => Assert.Equal("/bin/bash", j.Command[0]));
        Assert.All(jobs, j => Assert.Equal("Asia/Tokyo", j.TimeZone));
    }

    [Fact]
    public void EnvironmentLines_HoldForTheLinesAfterThem_InTheCronDialect()
    {
        var (jobs, diagnostics) = Read(EnvironmentFile, dialect: CrontabDialect.Cron);

        Assert.Empty(diagnostics);
        Assert.Empty(jobs[0].Environment);
        Assert.Equal("hello", jobs[1].Environment["GREETING"]);
        Assert.Equal("bye", jobs[2].Environment["GREETING"]);
        Assert.All(jobs, j => Assert.Equal("/bin/sh", j.Command[0]));
        Assert.All(jobs, j => Assert.Null(j.TimeZone));
    }

    [Fact]
    public void PercentSigns_AsCronReadsThem_InTheCronDialect()
    {
        var (jobs, diagnostics) = Read("""
            0 0 * * * date +\%Y-\%m-\%d > /tmp/today
            0 1 * * * mail -s report root%first line%second \% line
            """, dialect: CrontabDialect.Cron);

        Assert.Empty(diagnostics);
        Assert.Equal(["/bin/sh", "-c", "date +%Y-%m-%d > /tmp/today"], jobs[0].Command);
        Assert.Equal(["/bin/sh", "-c", "{ mail -s report root\n} <<'TEND_CRON_STDIN'\nfirst line\nsecond % line\nTEND_CRON_STDIN"], jobs[1].Command);
    }

    [Fact]
    public void PercentSigns_ReachTheShellAsIs_InSupercronicsReading()
    {
        var (jobs, _) = Read("0 0 * * * date +%Y%m%d");
        Assert.Equal(["/bin/sh", "-c", "date +%Y%m%d"], jobs[0].Command);
    }

    [Fact]
    public void Reboot_RunsOnceAtStart_InTheCronDialect_AndIsRefusedWithTheWayOut_Otherwise()
    {
        var (jobs, diagnostics) = Read("@reboot /usr/local/bin/warm-cache", dialect: CrontabDialect.Cron);
        Assert.Empty(diagnostics);
        var origin = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(origin, jobs[0].Schedule.NextAfter(origin.AddTicks(-1), TimeZoneInfo.Utc, origin));
        Assert.Null(jobs[0].Schedule.NextAfter(origin, TimeZoneInfo.Utc, origin));

        var (_, refused) = Read("@reboot /usr/local/bin/warm-cache");
        var error = Assert.Single(refused);
        Assert.Equal("crontab:1", error.Location?.ToString());
        Assert.Contains("--crontab-dialect cron", error.ToString());
    }

    [Fact]
    public void CommentsBlankLinesAndEnvironmentLines_ApplyToTheLinesAfterThem_InTheCronDialect()
    {
        var (jobs, diagnostics) = Read("""
            # nightly things

            */5 * * * * echo first
            GREETING=hello
            QUOTED = "two words"
            0 3 * * * echo "$GREETING $QUOTED" >> /tmp/out
            GREETING='bye'
            @hourly echo last
            """, dialect: CrontabDialect.Cron);

        Assert.Empty(diagnostics);
        Assert.Equal(["cron-1", "cron-2", "cron-3"], jobs.Select(j => j.Name));
        Assert.Empty(jobs[0].Environment);
        Assert.Equal("hello", jobs[1].Environment["GREETING"]);
        Assert.Equal("two words", jobs[1].Environment["QUOTED"]);
        Assert.Equal("bye", jobs[2].Environment["GREETING"]);
        Assert.Equal(["/bin/sh", "-c", "echo \"$GREETING $QUOTED\" >> /tmp/out"], jobs[1].Command);
        Assert.Equal("crontab:6", jobs[1].DefinedAt?.ToString());
        Assert.Equal("@hourly", jobs[2].Schedule.Text);
    }

    [Fact]
    public void FiveSixAndSevenFields_AsCronexprReadsThem()
    {
        var (jobs, diagnostics) = Read("""
            0 4 * * * five
            0 4 * * * 2030 six-with-year
            */10 * * * * * * seven-with-seconds
            @every 90s every
            """);

        Assert.Empty(diagnostics);
        Assert.Equal("0 4 * * *", jobs[0].Schedule.Text);
        Assert.Equal("0 0 4 * * * 2030", jobs[1].Schedule.Text); // stored as 7 fields, so it reads the same anywhere
        Assert.Equal("*/10 * * * * * *", jobs[2].Schedule.Text);
        Assert.Equal("@every 90s", jobs[3].Schedule.Text);
        Assert.Equal(["/bin/sh", "-c", "seven-with-seconds"], jobs[2].Command);
    }

    [Fact]
    public void SixFieldsWithYear_CarryTheScheduleParsedOnce()
    {
        // The model carries the parsed schedule (issue 17): what the supervisor asks for the next run.
        var (jobs, diagnostics) = Read("0 4 * * * 2030 six-with-year\n");

        Assert.Empty(diagnostics);
        var schedule = Assert.IsType<CronSchedule>(Assert.Single(jobs).Schedule);
        var start = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 4, 0, 0, TimeSpan.Zero), schedule.NextAfter(start, TimeZoneInfo.Utc, start));
    }

    [Fact]
    public void ShellVariable_ChoosesTheShell_AndCronTzTheZone()
    {
        var (jobs, diagnostics) = Read("SHELL=/bin/bash\nCRON_TZ=Europe/Paris\n0 9 * * 1-5 echo weekday\n");
        Assert.Empty(diagnostics);
        Assert.Equal(["/bin/bash", "-c", "echo weekday"], jobs[0].Command);
        Assert.Equal("Europe/Paris", jobs[0].TimeZone);
    }

    [Fact]
    public void SystemCrontab_TakesTheUserField()
    {
        var (jobs, diagnostics) = Read("""
            PATH=/usr/local/bin:/usr/bin:/bin
            17 *  * * *  root    cd / && run-parts --report /etc/cron.hourly
            @daily www-data /usr/local/bin/cleanup
            """, system: true);

        Assert.Empty(diagnostics);
        Assert.Equal("root", jobs[0].User);
        Assert.Equal(["/bin/sh", "-c", "cd / && run-parts --report /etc/cron.hourly"], jobs[0].Command);
        Assert.Equal("www-data", jobs[1].User);
        Assert.Equal(["/bin/sh", "-c", "/usr/local/bin/cleanup"], jobs[1].Command);
    }

    [Theory]
    [InlineData("/etc/crontab", true)]
    [InlineData("/etc/cron.d/backup", true)]
    [InlineData("/app/crontab", false)]
    [InlineData("/etc/cron.d/sub/x", false)]
    public void SystemCrontab_RecognisedByPath(string path, bool system) =>
        Assert.Equal(system, CrontabReader.IsSystemCrontab(path));

    [Fact]
    public void Errors_AreLocated_AndAllReported()
    {
        var (jobs, diagnostics) = Read("""
            * * * * * ok
            61 * * * * bad-minute
            * * *
            @every 10x nope
            CRON_TZ=Nowhere/Land
            * * * * * zone
            """);

        Assert.Equal(2, jobs.Count); // the result has errors, so none of them runs
        // CRON_TZ holds for the whole file (supercronic): its error is at its own line.
        Assert.Equal(["crontab:2", "crontab:3", "crontab:4", "crontab:5"], diagnostics.Select(d => d.Location?.ToString()));
        Assert.All(diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.Contains("incomplete crontab line", diagnostics[1].Message);
        Assert.Contains("invalid duration", diagnostics[2].Message);
        Assert.Contains("unknown time zone 'Nowhere/Land'", diagnostics[3].Message);
    }

    [Fact]
    public void Numbering_CountsJobLinesOnly()
    {
        var (jobs, _) = Read("# a\nA=1\n* * * * * one\n# b\n* * * * * two\n");
        Assert.Equal(["cron-1", "cron-2"], jobs.Select(j => j.Name));
    }

    [Fact]
    public void HashedH_IsALocatedError_NotAnException()
    {
        var (jobs, diagnostics) = Read("* * * * * ok\nH 3 * * * hashed\n");
        Assert.Single(jobs);
        var error = Assert.Single(diagnostics);
        Assert.Equal("crontab:2", error.Location?.ToString());
        Assert.Contains("'H' (a hashed value", error.Message);
    }
}
