using Tend.Scheduling;

namespace Tend.UnitTests.Scheduling;

public class JobScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso + "Z", System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    private static JobScheduler Scheduler(string text, TimeZoneInfo zone, FakeClock clock, CronDialect dialect = CronDialect.SecondsFirst)
    {
        Assert.True(JobSchedule.TryParse(text, dialect, out var schedule, out var error), error);
        return new JobScheduler(schedule, zone, clock, clock.Now);
    }

    /// <summary>The next <paramref name="count"/> occurrences, moving the fake clock to each.</summary>
    private static List<DateTimeOffset> Walk(JobScheduler scheduler, FakeClock clock, int count)
    {
        var seen = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            var next = scheduler.Next();
            Assert.NotNull(next);
            seen.Add(next.Value);
            clock.Now = next.Value;
        }
        return seen;
    }

    [Fact]
    public void FiveFields_EveryFiveMinutes_InUtc()
    {
        var clock = new FakeClock(Utc("2026-03-01T10:03:10"));
        var runs = Walk(Scheduler("*/5 * * * *", TimeZoneInfo.Utc, clock), clock, 3);
        Assert.Equal([Utc("2026-03-01T10:05:00"), Utc("2026-03-01T10:10:00"), Utc("2026-03-01T10:15:00")], runs);
    }

    [Fact]
    public void SixFields_SecondsFirst()
    {
        var clock = new FakeClock(Utc("2026-03-01T10:00:00.500"));
        var runs = Walk(Scheduler("*/20 * * * * *", TimeZoneInfo.Utc, clock), clock, 3);
        Assert.Equal([Utc("2026-03-01T10:00:20"), Utc("2026-03-01T10:00:40"), Utc("2026-03-01T10:01:00")], runs);
    }

    [Fact]
    public void EverySecond_FiresEachSecond()
    {
        var clock = new FakeClock(Utc("2026-03-01T10:00:00.250"));
        var runs = Walk(Scheduler("* * * * * *", TimeZoneInfo.Utc, clock), clock, 2);
        Assert.Equal([Utc("2026-03-01T10:00:01"), Utc("2026-03-01T10:00:02")], runs);
    }

    [Fact]
    public void SixFields_CronexprDialect_IsYearLast()
    {
        var clock = new FakeClock(Utc("2026-06-01T00:00:00"));
        var next = Scheduler("0 12 1 1 * 2028", TimeZoneInfo.Utc, clock, CronDialect.Cronexpr).Next();
        Assert.Equal(Utc("2028-01-01T12:00:00"), next);
    }

    [Fact]
    public void SevenFields_YearFilter_AndNoneAfterTheLastYear()
    {
        var clock = new FakeClock(Utc("2026-06-01T00:00:00"));
        var scheduler = Scheduler("30 0 9 * * * 2027,2029", TimeZoneInfo.Utc, clock);
        Assert.Equal(Utc("2027-01-01T09:00:30"), scheduler.Next());
        clock.Now = Utc("2027-12-31T10:00:00");
        Assert.Equal(Utc("2029-01-01T09:00:30"), scheduler.Next());
        clock.Now = Utc("2029-12-31T10:00:00");
        Assert.Null(scheduler.Next());
    }

    [Theory]
    [InlineData("@hourly", "2026-03-01T11:00:00")]
    [InlineData("@daily", "2026-03-02T00:00:00")]
    [InlineData("@midnight", "2026-03-02T00:00:00")]
    [InlineData("@weekly", "2026-03-08T00:00:00")] // 2026-03-01 is a Sunday: the next Sunday
    [InlineData("@monthly", "2026-04-01T00:00:00")]
    [InlineData("@yearly", "2027-01-01T00:00:00")]
    [InlineData("@annually", "2027-01-01T00:00:00")]
    public void Shorthands(string text, string expected)
    {
        var clock = new FakeClock(Utc("2026-03-01T10:03:00"));
        Assert.Equal(Utc(expected), Scheduler(text, TimeZoneInfo.Utc, clock).Next());
    }

    [Fact]
    public void Every_CountsFromTheOrigin_NotFromTheLastRun()
    {
        var origin = Utc("2026-03-01T10:00:00");
        var clock = new FakeClock(origin);
        var scheduler = Scheduler("@every 1h30m", TimeZoneInfo.Utc, clock);
        Assert.Equal(Utc("2026-03-01T11:30:00"), scheduler.Next());
        clock.Now = Utc("2026-03-01T11:45:10"); // a late wake-up: the grid stays the same
        Assert.Equal(Utc("2026-03-01T13:00:00"), scheduler.Next());
    }

    [Fact]
    public void Every_IgnoresDaylightSavingTime()
    {
        // 2026-03-29 02:00 in Paris clocks go to 03:00; @every is absolute time.
        var clock = new FakeClock(Utc("2026-03-29T00:30:00"));
        var runs = Walk(Scheduler("@every 30m", Paris, clock), clock, 3);
        Assert.Equal([Utc("2026-03-29T01:00:00"), Utc("2026-03-29T01:30:00"), Utc("2026-03-29T02:00:00")], runs);
    }

    [Fact]
    public void TimeZone_DailyJob_RunsAtLocalTime()
    {
        var clock = new FakeClock(Utc("2026-07-01T00:00:00"));
        // 09:00 in Paris in summer is 07:00 UTC; in winter 08:00 UTC.
        Assert.Equal(Utc("2026-07-01T07:00:00"), Scheduler("0 9 * * *", Paris, clock).Next());
        clock.Now = Utc("2026-12-01T00:00:00");
        Assert.Equal(Utc("2026-12-01T08:00:00"), Scheduler("0 9 * * *", Paris, clock).Next());
    }

    [Fact]
    public void SpringForward_Paris_SkippedTimeRunsOnceAtTheJump()
    {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist that day.
        var clock = new FakeClock(Utc("2026-03-28T12:00:00"));
        var runs = Walk(Scheduler("30 2 * * *", Paris, clock), clock, 3);
        Assert.Equal([Utc("2026-03-29T01:00:00"), Utc("2026-03-30T00:30:00"), Utc("2026-03-31T00:30:00")], runs);
    }

    [Fact]
    public void FallBack_NewYork_FixedHourRunsOnce_IntervalRunsInBothHours()
    {
        // 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:30 happens twice (05:30 and 06:30 UTC).
        var clock = new FakeClock(Utc("2026-11-01T00:00:00"));
        var daily = Walk(Scheduler("30 1 * * *", NewYork, clock), clock, 2);
        Assert.Equal([Utc("2026-11-01T05:30:00"), Utc("2026-11-02T06:30:00")], daily);

        clock.Now = Utc("2026-11-01T05:10:00"); // 01:10 EDT
        var halfHourly = Walk(Scheduler("*/30 * * * *", NewYork, clock), clock, 4);
        Assert.Equal([Utc("2026-11-01T05:30:00"), Utc("2026-11-01T06:00:00"), Utc("2026-11-01T06:30:00"), Utc("2026-11-01T07:00:00")], halfHourly);
    }

    [Theory]
    [InlineData("", "the schedule is empty")]
    [InlineData("* * * *", "a cron expression has 5, 6 or 7 fields, not 4")]
    [InlineData("61 * * * *", null)]
    [InlineData("@every", "@every needs a duration")]
    [InlineData("@every 10x", "invalid duration '10x'")]
    [InlineData("@every 500ms", "shorter than one second")]
    [InlineData("@reboot", "@reboot is not a schedule")]
    [InlineData("@fortnightly", "unknown shorthand '@fortnightly'")]
    [InlineData("0 0 1 1 * * 1900", "invalid year field")]
    // Jenkins' hashed H: Cronos threw MissingSeedException for it (found by the fuzzer), now refused.
    [InlineData("*/5 * * * H *", "'H' (a hashed value, as Jenkins writes it) is not supported")]
    [InlineData("H * * * *", "'H' (a hashed value")]
    [InlineData("0 H(0-5) * * *", "'H' (a hashed value")]
    [InlineData("@every 99999999999999999999999999h", "is too large")] // overflowed decimal (fuzzer)
    [InlineData("@every 4000000h", "is too large")]
    public void Invalid_SaysWhy(string text, string? expected)
    {
        Assert.False(JobSchedule.TryParse(text, CronDialect.SecondsFirst, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        if (expected is not null) Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("Europe/Paris", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData(null, true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("Europe", false)] // a directory of the zone database: threw SecurityException (fuzzer)
    public void TimeZones_ByIanaId(string? id, bool known)
    {
        Assert.Equal(known, TimeZones.TryFind(id, out _, out _));
    }
}
