using System.Globalization;
using Tend.Scheduling;

namespace Tend.UnitTests.Scheduling;

/// <summary>
/// Tend's next runs against a table computed by another implementation (Debian's python3-croniter;
/// see CronTable/generate.py, which wrote CronTable/cron-table.txt): day of month and day of week
/// ORed, month ends, leap years, DST changes in both hemispheres. Each row is read both as a
/// crontab line reads it (cronexpr's dialect) and as tend.yaml's `schedule:` does.
/// </summary>
public class CronTableTests
{
    public static TheoryData<string, CronDialect> Rows()
    {
        var data = new TheoryData<string, CronDialect>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Scheduling", "CronTable", "cron-table.txt")))
        {
            if (line.Length == 0) continue;
            data.Add(line, CronDialect.Cronexpr);
            data.Add(line, CronDialect.SecondsFirst);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Next_runs_agree_with_croniter(string row, CronDialect dialect)
    {
        var parts = row.Split(" | ");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(parts[0]);
        var start = DateTimeOffset.Parse(parts[1], CultureInfo.InvariantCulture);
        Assert.True(JobSchedule.TryParse(parts[2], dialect, out var schedule, out var error), error);
        var expected = parts[3].Split(' ').Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)).ToList();

        var runs = new List<DateTimeOffset>();
        var after = start;
        foreach (var _ in expected)
        {
            var next = schedule.NextAfter(after, zone, start);
            Assert.NotNull(next);
            runs.Add(TimeZoneInfo.ConvertTime(next.Value, zone));
            after = next.Value;
        }
        // Compared as text with offsets: the same instant at another offset would be a DST mistake.
        Assert.Equal(expected.Select(Iso), runs.Select(Iso));
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
