using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tend.Scheduling;

/// <summary>
/// `@every 1h30m`: due at origin + k × interval (origin is Tend's start), as robfig/cron's and
/// supercronic's @every. Measured in absolute time, so DST changes do not move it.
/// </summary>
public sealed class IntervalSchedule : JobSchedule
{
    public IntervalSchedule(string text, TimeSpan interval) : base(text) => Interval = interval;

    public TimeSpan Interval { get; }

    public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin)
    {
        if (after < origin) return origin + Interval;
        var elapsed = (after - origin).Ticks;
        var periods = elapsed / Interval.Ticks + 1;
        return origin + TimeSpan.FromTicks(periods * Interval.Ticks);
    }

    /// <summary>Go-style durations (what @every takes in robfig/cron): 30s, 1h30m, 2h, 1.5m; at least 1 s.</summary>
    public static bool TryParseInterval(string text, out TimeSpan interval, [NotNullWhen(false)] out string? error)
    {
        interval = TimeSpan.Zero;
        var s = text.Trim();
        decimal ticks = 0;
        var i = 0;
        if (s.Length == 0) { error = "@every needs a duration, e.g. @every 30s"; return false; }
        // Tend.Config's Durations.Negative wording, which this project cannot reference.
        if (s.StartsWith('-')) { error = $"@every: negative duration '{s}'"; return false; }
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            var unit = s[unitStart..i];
            long per = unit switch { "ms" => TimeSpan.TicksPerMillisecond, "s" => TimeSpan.TicksPerSecond, "m" => TimeSpan.TicksPerMinute, "h" => TimeSpan.TicksPerHour, _ => 0 };
            if (!decimal.TryParse(s[start..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || per == 0)
            {
                error = $"invalid duration '{s}' after @every: write it like 30s, 5m, 1h30m (units h, m, s, ms)";
                return false;
            }
            // Checked before multiplying: a 29-digit amount times ticks per hour overflows decimal (found by the fuzzer).
            var limit = TimeSpan.FromDays(3650).Ticks;
            if (amount > limit / per || (ticks += amount * per) > limit) { error = $"duration '{s}' is too large"; return false; }
        }
        if (ticks < TimeSpan.TicksPerSecond) { error = $"@every {s} is shorter than one second"; return false; }
        interval = TimeSpan.FromTicks((long)ticks);
        error = null;
        return true;
    }
}
