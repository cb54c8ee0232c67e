using Tend.Health;
using Tend.Model;

namespace Tend.UnitTests.Health;

public class ProbeScheduleTests
{
    [Theory]
    // First run: InitialDelay after the start.
    [InlineData(0, 10_000, 1_000, null, 1_000)]
    [InlineData(5_000, 10_000, 1_000, null, 6_000)]
    // Later runs: Interval after the previous one started.
    [InlineData(0, 10_000, 1_000, 1_000L, 11_000)]
    [InlineData(5_000, 10_000, 1_000, 6_000L, 16_000)]
    [InlineData(5_000, 2_000, 0, 5_500L, 7_500)]
    // Never before the initial delay, even with a run recorded earlier.
    [InlineData(5_000, 1_000, 0, 1_000L, 5_000)]
    // Intervals below the minimum (100 ms) are raised to it; zero cannot spin.
    [InlineData(0, 0, 0, 0L, 100)]
    [InlineData(0, 20, 0, 50L, 150)]
    // A negative delay counts as none.
    [InlineData(-3_000, 1_000, 2_000, null, 2_000)]
    public void NextDue(int initialDelayMs, int intervalMs, long startedAtMs, long? lastRunMs, long expected)
    {
        var spec = new ProbeSpec
        {
            Kind = ProbeKind.Tcp,
            InitialDelay = TimeSpan.FromMilliseconds(initialDelayMs),
            Interval = TimeSpan.FromMilliseconds(intervalMs),
        };
        Assert.Equal(expected, ProbeSchedule.NextDue(spec, startedAtMs, lastRunMs));
    }

    [Fact]
    public void NextDue_SuccessiveRuns_AreOneIntervalApart()
    {
        var spec = new ProbeSpec { Kind = ProbeKind.Http, InitialDelay = TimeSpan.FromSeconds(2), Interval = TimeSpan.FromSeconds(3) };
        long? last = null;
        var due = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var next = ProbeSchedule.NextDue(spec, 100, last);
            due.Add(next);
            last = next;
        }
        Assert.Equal([2_100L, 5_100, 8_100, 11_100], due);
    }

    [Fact]
    public void Clock_IsMonotonic()
    {
        var a = ProbeClock.NowMs;
        var b = ProbeClock.NowMs;
        Assert.True(b >= a);
    }
}
