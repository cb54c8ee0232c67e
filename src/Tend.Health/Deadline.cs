using System.Diagnostics;
using System.Globalization;

namespace Tend.Health;

/// <summary>A check's overall time budget, on the monotonic clock.</summary>
internal readonly struct Deadline
{
    /// <summary>Timeouts are clamped to [1 ms, 1 day].</summary>
    public static TimeSpan Clamp(TimeSpan timeout) =>
        timeout < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1)
        : timeout > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1)
        : timeout;

    private readonly long _at;

    public Deadline(TimeSpan timeout)
    {
        Timeout = Clamp(timeout);
        _at = Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public TimeSpan Timeout { get; }

    public bool Expired => Stopwatch.GetTimestamp() >= _at;

    /// <summary>
    /// What is left, in microseconds for Socket.Poll, rounded up to a whole millisecond (poll(2)
    /// counts milliseconds: rounding down would spin through the last one); 0 when expired.
    /// </summary>
    public int RemainingPollMicroseconds
    {
        get
        {
            var ticks = _at - Stopwatch.GetTimestamp();
            if (ticks <= 0) return 0;
            var ms = Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
            return ms >= int.MaxValue / 1000 ? int.MaxValue / 1000 * 1000 : (int)ms * 1000;
        }
    }

    /// <summary>"timed out after 1 s".</summary>
    public string TimedOut => "timed out after " + Format(Timeout);

    /// <summary>"1 s", "250 ms", "1.5 s".</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)Math.Round(value.TotalMilliseconds);
        if (ms < 1000) return ms.ToString(CultureInfo.InvariantCulture) + " ms";
        if (ms % 1000 == 0) return (ms / 1000).ToString(CultureInfo.InvariantCulture) + " s";
        return (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
