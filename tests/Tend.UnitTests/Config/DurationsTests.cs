using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class DurationsTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "10s", 10_000 },
        { "100ms", 100 },
        { "1.5s", 1_500 },
        { "2m", 120_000 },
        { "1h", 3_600_000 },
        { "1m30s", 90_000 },
        { "1h2m3s4ms", 3_723_004 },
        { "0", 0 },
        { "0s", 0 },
        { "5", 5_000 },
        { "2.5", 2_500 },
        { "0.25", 250 },
        { ".5s", 500 },
        { " 3s ", 3_000 },
        { "1.5m", 90_000 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_Valid_ReturnsValue(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("-1s", "negative")]
    [InlineData("-5", "negative")]
    [InlineData("", "empty")]
    [InlineData("10x", "unknown unit 'x'")]
    [InlineData("10 s", "invalid duration")]
    [InlineData("s", "invalid duration")]
    [InlineData("1.2.3s", "invalid duration")]
    [InlineData("ten", "invalid duration")]
    [InlineData("1d", "unknown unit 'd'")]
    [InlineData("99999999999999999999h", "too large")]
    public void TryParse_Invalid_ReturnsError(string text, string expected)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(100, "100ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(10_000, "10s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(3_723_004, "1h2m3.004s")]
    [InlineData(90_000_000, "25h")]
    public void Format_RoundTripsThroughTryParse(long milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(expected, Durations.Format(value));
        Assert.True(Durations.TryParse(expected, out var back, out _));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Load_BareIntegerAndDecimal_AreSeconds()
    {
        var p = LoadSingle("""
            programs:
              app: {command: app, start_seconds: 3, stop_timeout: 0.5}
            """);

        Assert.Equal(TimeSpan.FromSeconds(3), p.StartSeconds);
        Assert.Equal(TimeSpan.FromMilliseconds(500), p.StopTimeout);
    }

    [Fact]
    public void Load_NegativeDuration_ReportsErrorAtValue()
    {
        var result = Load("""
            programs:
              app:
                command: app
                stop_timeout: -5s
            """);

        var error = SingleErrorAt(result, "4:19");
        Assert.Contains("stop_timeout", error.Message);
        Assert.Contains("negative", error.Message);
        Assert.Contains("10s", error.Hint);
    }

    [Fact]
    public void Load_BadBackoffDuration_ReportsErrorAtNestedValue()
    {
        var result = Load("""
            programs:
              app:
                command: app
                backoff:
                  initial: soon
            """);

        var error = SingleErrorAt(result, "5:16");
        Assert.Contains("backoff.initial", error.Message);
        Assert.Equal(Severity.Error, error.Severity);
    }
}
