using System.Globalization;
using System.Text.RegularExpressions;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 20, item 1, from the user's side: with both day fields restricted, a day matching either
/// runs the job (cron(5): "the command will be run when either field matches"), in a crontab file
/// and in `jobs:` alike. `tend check` prints the next run; the expected day is found here by
/// walking the calendar, not by any cron library.
/// </summary>
public partial class CronDayFieldsTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("0 0 13 * 5", 13, DayOfWeek.Friday)]
    [InlineData("0 0 1 * MON", 1, DayOfWeek.Monday)]
    public async Task A_day_matching_either_field_is_the_next_run_in_a_crontab_and_in_jobs(string schedule, int dayOfMonth, DayOfWeek dayOfWeek)
    {
        await Task.Yield();
        var now = DateTime.UtcNow;
        var expected = now.Date.AddDays(1);
        while (expected.Day != dayOfMonth && expected.DayOfWeek != dayOfWeek) expected = expected.AddDays(1);
        var shown = expected.ToString("yyyy-MM-dd 00:00:00 +00:00", CultureInfo.InvariantCulture);

        using var dir = new TempDir();
        dir.Write("crontab", $"{schedule} echo hi\n");
        dir.Write("tend.yaml", $"jobs:\n  both:\n    schedule: \"{schedule}\"\n    command: [echo, hi]\n");
        var env = new Dictionary<string, string> { ["TZ"] = "UTC" };
        var (code, output, error) = Tools.Run(Paths.Tend, ["check", "--crontab", dir.File("crontab"), dir.File("tend.yaml")], env: env);
        Assert.True(code == 0, output + error);
        var nextRuns = NextRun().Matches(output).Select(m => m.Groups["at"].Value).ToList();
        Assert.Equal([shown, shown], nextRuns);
    }

    [GeneratedRegex(@"# next run: (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d)")]
    private static partial Regex NextRun();
}
