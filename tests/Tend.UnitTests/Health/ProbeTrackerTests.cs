using Tend.Health;
using Tend.Model;

namespace Tend.UnitTests.Health;

public class ProbeTrackerTests
{
    /// <summary>
    /// The model, stated differently from the code: the status is set by the latest moment a
    /// threshold was reached, i.e. the longest prefix of the history that ends with SuccessThreshold
    /// S or FailureThreshold F; Unknown when there is none.
    /// </summary>
    private static ProbeStatus Model(string history, int failureThreshold, int successThreshold)
    {
        var passing = new string('S', successThreshold);
        var failing = new string('F', failureThreshold);
        for (var i = history.Length; i > 0; i--)
        {
            var prefix = history[..i];
            if (prefix.EndsWith(passing, StringComparison.Ordinal)) return ProbeStatus.Passing;
            if (prefix.EndsWith(failing, StringComparison.Ordinal)) return ProbeStatus.Failing;
        }
        return ProbeStatus.Unknown;
    }

    private static int TrailingRun(string history, char c)
    {
        var n = 0;
        for (var i = history.Length - 1; i >= 0 && history[i] == c; i--) n++;
        return n;
    }

    public static TheoryData<int, int> Thresholds()
    {
        var data = new TheoryData<int, int>();
        for (var f = 1; f <= 4; f++)
            for (var s = 1; s <= 4; s++)
                data.Add(f, s);
        return data;
    }

    /// <summary>Every sequence of up to 10 results (2047 of them) for every pair of thresholds 1..4.</summary>
    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Record_EverySequenceUpToTen_MatchesTheModel(int failureThreshold, int successThreshold)
    {
        const int maxLength = 10;
        for (var length = 0; length <= maxLength; length++)
        {
            for (var bits = 0; bits < 1 << length; bits++)
            {
                var tracker = new ProbeTracker(failureThreshold, successThreshold);
                var history = "";
                Assert.Equal(ProbeStatus.Unknown, tracker.Status);
                for (var i = 0; i < length; i++)
                {
                    var success = (bits >> i & 1) == 1;
                    history += success ? 'S' : 'F';
                    var returned = tracker.Record(success);

                    var expected = Model(history, failureThreshold, successThreshold);
                    Assert.True(expected == returned, $"F={failureThreshold} S={successThreshold} {history}: expected {expected}, got {returned}");
                    Assert.Equal(returned, tracker.Status);
                    Assert.Equal(TrailingRun(history, 'F'), tracker.ConsecutiveFailures);
                    Assert.Equal(TrailingRun(history, 'S'), tracker.ConsecutiveSuccesses);
                    Assert.Equal(history.Count(c => c == 'F'), tracker.TotalFailures);
                    Assert.Equal(history.Length, tracker.TotalChecks);
                }
            }
        }
    }

    [Theory]
    // Defaults (failure 3, success 1).
    [InlineData(3, 1, "", ProbeStatus.Unknown)]
    [InlineData(3, 1, "S", ProbeStatus.Passing)]
    [InlineData(3, 1, "F", ProbeStatus.Unknown)]
    [InlineData(3, 1, "FF", ProbeStatus.Unknown)]
    [InlineData(3, 1, "FFF", ProbeStatus.Failing)]
    [InlineData(3, 1, "SFF", ProbeStatus.Passing)]
    [InlineData(3, 1, "SFFF", ProbeStatus.Failing)]
    [InlineData(3, 1, "FFFFFFS", ProbeStatus.Passing)]
    [InlineData(3, 1, "SFFSFF", ProbeStatus.Passing)]
    // Several successes needed.
    [InlineData(3, 2, "S", ProbeStatus.Unknown)]
    [InlineData(3, 2, "SS", ProbeStatus.Passing)]
    [InlineData(3, 2, "FFFS", ProbeStatus.Failing)]
    [InlineData(3, 2, "FFFSS", ProbeStatus.Passing)]
    [InlineData(3, 2, "FFFSFS", ProbeStatus.Failing)]
    // One failure is enough.
    [InlineData(1, 1, "SF", ProbeStatus.Failing)]
    [InlineData(1, 1, "FS", ProbeStatus.Passing)]
    [InlineData(1, 3, "FSS", ProbeStatus.Failing)]
    [InlineData(1, 3, "FSSS", ProbeStatus.Passing)]
    public void Record_Examples(int failureThreshold, int successThreshold, string history, ProbeStatus expected)
    {
        var tracker = new ProbeTracker(failureThreshold, successThreshold);
        foreach (var c in history) tracker.Record(c == 'S');
        Assert.Equal(expected, tracker.Status);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, -1)]
    public void Thresholds_BelowOne_CountAsOne(int failureThreshold, int successThreshold)
    {
        var tracker = new ProbeTracker(failureThreshold, successThreshold);
        Assert.Equal(1, tracker.FailureThreshold);
        Assert.Equal(1, tracker.SuccessThreshold);
        Assert.Equal(ProbeStatus.Failing, tracker.Record(false));
        Assert.Equal(ProbeStatus.Passing, tracker.Record(true));
    }

    [Fact]
    public void Constructor_TakesTheThresholdsOfTheSpec()
    {
        var tracker = new ProbeTracker(new ProbeSpec { Kind = ProbeKind.Tcp, FailureThreshold = 5, SuccessThreshold = 2 });
        Assert.Equal(5, tracker.FailureThreshold);
        Assert.Equal(2, tracker.SuccessThreshold);
    }

    [Theory]
    [InlineData("SSS")]
    [InlineData("FFFF")]
    [InlineData("FFS")]
    [InlineData("SFF")]
    public void Reset_ForgetsStatusAndStreaks_KeepsTotals(string history)
    {
        var tracker = new ProbeTracker(3, 2);
        foreach (var c in history) tracker.Record(c == 'S');
        var failures = tracker.TotalFailures;

        tracker.Reset();

        Assert.Equal(ProbeStatus.Unknown, tracker.Status);
        Assert.Equal(0, tracker.ConsecutiveFailures);
        Assert.Equal(0, tracker.ConsecutiveSuccesses);
        Assert.Equal(failures, tracker.TotalFailures);
        Assert.Equal(history.Length, tracker.TotalChecks);
        // Streaks start over: one success is not enough for SuccessThreshold 2, two failures not for 3.
        Assert.Equal(ProbeStatus.Unknown, tracker.Record(true));
        Assert.Equal(ProbeStatus.Unknown, tracker.Record(false));
        Assert.Equal(ProbeStatus.Unknown, tracker.Record(false));
        Assert.Equal(ProbeStatus.Failing, tracker.Record(false));
    }
}
