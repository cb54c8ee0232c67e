using Tend.Scheduling;
using Tend.Model;
using Tend.Config;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class JobConfigTests
{
    /// <summary>Issue 20: day of month and day of week ORed in tend.yaml as in a crontab (cron(5)): every Friday and every 13th.</summary>
    [Fact]
    public void Jobs_DayOfMonthAndDayOfWeek_AreOred_AsCronSays()
    {
        var result = Load("""
            jobs:
              report:
                schedule: "0 0 13 * 5"
                timezone: UTC
                command: [/bin/true]
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var job = Assert.Single(result.Config!.Jobs);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var first = job.Schedule.NextAfter(start, TimeZoneInfo.Utc, start);
        var second = job.Schedule.NextAfter(first!.Value, TimeZoneInfo.Utc, start);
        var third = job.Schedule.NextAfter(second!.Value, TimeZoneInfo.Utc, start);
        Assert.Equal([new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 11, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 13, 0, 0, 0, TimeSpan.Zero)],
            [first.Value, second.Value, third!.Value]);
    }

    [Fact]
    public void CrontabDialect_IsChecked_AndReadsTheCrontabAsCronDoes()
    {
        var dir = Directory.CreateTempSubdirectory("tend-dialect-");
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir.FullName, "crontab"), "@reboot echo once\n0 0 * * * date +\\%F\n");
            var yaml = Path.Combine(dir.FullName, "tend.yaml");
            System.IO.File.WriteAllText(yaml, "crontab: crontab\ncrontab_dialect: cron\n");
            var result = ConfigLoader.Load(yaml, new Dictionary<string, string>());
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            Assert.Equal(["@reboot", "0 0 * * *"], result.Config!.Jobs.Select(j => j.Schedule.Text));
            Assert.Equal(["/bin/sh", "-c", "date +%F"], result.Config.Jobs[1].Command);

            System.IO.File.WriteAllText(yaml, "crontab: crontab\ncrontab_dialect: vixie\n");
            var bad = ConfigLoader.Load(yaml, new Dictionary<string, string>());
            var error = Assert.Single(bad.Diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal("invalid crontab_dialect 'vixie'", error.Message);
            Assert.Equal(2, error.Location?.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Jobs_EveryKey_IsRead()
    {
        var result = Load("""
            jobs:
              backup:
                schedule: "0 3 * * *"
                command: [/usr/local/bin/backup, --all]
                environment: {TARGET: s3}
                user: nobody
                working_dir: /srv
                timeout: 10m
                timezone: Europe/Paris
                concurrency: replace
                stop_signal: INT
                stop_timeout: 30s
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var job = Assert.Single(result.Config!.Jobs);
        Assert.Equal("backup", job.Name);
        Assert.Equal("0 3 * * *", job.Schedule.Text);
        Assert.Equal(["/usr/local/bin/backup", "--all"], job.Command);
        Assert.Equal("s3", job.Environment["TARGET"]);
        Assert.Equal("nobody", job.User);
        Assert.Equal("/srv", job.WorkingDir);
        Assert.Equal(TimeSpan.FromMinutes(10), job.Timeout);
        Assert.Equal("Europe/Paris", job.TimeZone);
        Assert.Equal(JobConcurrency.Replace, job.Concurrency);
        Assert.Equal(Signals.SIGINT, job.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(30), job.StopTimeout);
        Assert.Equal("tend.yaml:2:3", job.DefinedAt?.ToString());
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("no programs"));
    }

    [Fact]
    public void Jobs_Defaults()
    {
        var job = Assert.Single(Load("jobs:\n  j:\n    schedule: '@every 30s'\n    command: true\n").Config!.Jobs);
        Assert.Equal(JobConcurrency.Forbid, job.Concurrency);
        Assert.Null(job.Timeout);
        Assert.Null(job.TimeZone);
        Assert.Equal(Signals.SIGTERM, job.StopSignal);
    }

    [Fact]
    public void Jobs_HashedScheduleFromTheFuzzer_IsALocatedError()
    {
        // scripts/fuzz.sh tend-yaml: this schedule made LoadText throw Cronos' MissingSeedException.
        var result = Load("jobs:\n  j:\n    schedule: \"*/5 * * * H *\"\n    command: true\n");
        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("tend.yaml:3", $"{error.Location?.File}:{error.Location?.Line}");
        Assert.Contains("'H' (a hashed value", error.Message);
    }

    [Fact]
    public void Jobs_Errors_AreLocated_AndAllReported()
    {
        var result = Load("""
            programs:
              web: {command: app}
            jobs:
              web:
                schedule: "* * * * *"
                command: x
              bad:
                schedule: "99 * * * *"
                command: x
                timezone: Mars/Base
                concurrency: sometimes
                retries: 3
              empty:
                command: x
            """);

        Assert.Null(result.Config);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Location}: {d.Message}").ToList();
        Assert.Contains(errors, e => e.StartsWith("tend.yaml:4:3: the name 'web' is used twice (first at tend.yaml:2:3)"));
        Assert.Contains(errors, e => e.StartsWith("tend.yaml:8:15: invalid schedule '99 * * * *'"));
        Assert.Contains(errors, e => e == "tend.yaml:10:15: unknown time zone 'Mars/Base'");
        Assert.Contains(errors, e => e.StartsWith("tend.yaml:11:18: invalid value for 'concurrency'"));
        Assert.Contains(errors, e => e == "tend.yaml:12:5: unknown key 'retries' in job 'bad'");
        Assert.Contains(errors, e => e == "tend.yaml:13:3: job 'empty' has no schedule");
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Crontab_IsRelativeToTheYamlFile_AndNamesAreChecked()
    {
        var dir = Directory.CreateTempSubdirectory("tend-crontab-");
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir.FullName, "jobs.cron"), "FOO=bar\n* * * * * echo $FOO\n*/2 * * * * echo two\n");
            var yaml = Path.Combine(dir.FullName, "tend.yaml");
            System.IO.File.WriteAllText(yaml, "crontab: jobs.cron\njobs:\n  cron-2: {schedule: '@hourly', command: x}\n");

            var result = Tend.Config.ConfigLoader.Load(yaml, NoEnvironment);

            var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal($"{Path.Combine(dir.FullName, "jobs.cron")}:3", error.Location?.ToString());
            Assert.Contains("the name 'cron-2' is used twice", error.Message);

            System.IO.File.WriteAllText(yaml, "crontab: jobs.cron\n");
            var ok = Tend.Config.ConfigLoader.Load(yaml, NoEnvironment);
            Assert.Equal(["cron-1", "cron-2"], ok.Config!.Jobs.Select(j => j.Name));
            Assert.Equal("bar", ok.Config.Jobs[0].Environment["FOO"]);

            System.IO.File.WriteAllText(yaml, "crontab: missing.cron\n");
            var missing = Tend.Config.ConfigLoader.Load(yaml, NoEnvironment);
            Assert.Contains(missing.Diagnostics, d => d.Location?.ToString() == $"{yaml}:1:10" && d.Message.Contains("cannot read crontab file"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void CrontabLoader_ContinuesTheNumbering()
    {
        var file = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(file, "@daily echo one\n");
            var config = new TendConfig { Jobs = [new JobSpec { Name = "cron-1", Schedule = JobSchedule.Parse("@hourly"), Command = ["x"] }] };
            var result = Tend.Config.Crontab.CrontabLoader.AddTo(config, file, null);
            Assert.Equal(["cron-1", "cron-2"], result.Config!.Jobs.Select(j => j.Name));
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }
}
