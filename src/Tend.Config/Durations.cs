using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Tend.Config;

/// <summary>
/// Durations as people write them in container configs: "10s", "100ms", "1.5s", "2m", "1h",
/// "1m30s", "0", or a bare number of seconds (so supervisord-style <c>startsecs: 5</c> still works).
/// Negative values are refused: every Tend duration is a wait or a timeout.
/// </summary>
public static class Durations
{
    private const string Expected = "expected a duration like 10s, 100ms, 1.5s, 2m, 1h or 1m30s (a bare number means seconds)";

    /// <summary>What a duration should look like, for hints.</summary>
    public static string Hint => Expected;

    /// <summary>
    /// The one wording for a negative duration, wherever it is written: tend.yaml, supervisord.conf
    /// (startsecs, stopwaitsecs), s6 timeout files and S6_* variables, crontab's @every, the command
    /// line (--kill-grace, --timeout).
    /// </summary>
    public static string Negative(string text) => $"negative duration '{text.Trim()}'";

    /// <summary>Whether a number as written is below zero ("-5", "-0.5"; not "-0").</summary>
    public static bool IsNegative(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n < 0;

    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        error = s.Length == 0 ? "the duration is empty"
            : s.StartsWith('-') ? Negative(s)
            : null;
        if (error is not null) return false;

        try
        {
            if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
                return ToTimeSpan(seconds * TimeSpan.TicksPerSecond, s, out value, out error);

            decimal ticks = 0;
            var i = 0;
            while (i < s.Length)
            {
                var numberStart = i;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
                var unitStart = i;
                while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
                var number = s[numberStart..unitStart];
                var unit = s[unitStart..i];

                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    error = $"invalid duration '{s}'";
                    return false;
                }
                var perUnit = TicksPer(unit);
                if (perUnit == 0)
                {
                    error = unit.Length == 0 ? $"invalid duration '{s}'" : $"unknown unit '{unit}' in duration '{s}' (use ms, s, m or h)";
                    return false;
                }
                ticks += amount * perUnit;
            }
            return ToTimeSpan(ticks, s, out value, out error);
        }
        catch (OverflowException)
        {
            error = $"duration '{s}' is too large";
            return false;
        }
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as the same value: "1m30s", "100ms", "0s".</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var sb = new StringBuilder();
        if (value < TimeSpan.Zero) { sb.Append('-'); value = value.Negate(); }

        var hours = (long)value.TotalHours;
        var rest = value - TimeSpan.FromHours(hours);
        if (hours > 0) sb.Append(CultureInfo.InvariantCulture, $"{hours}h");
        if (rest.Minutes > 0) sb.Append(CultureInfo.InvariantCulture, $"{rest.Minutes}m");

        var subSecondTicks = rest.Ticks % TimeSpan.TicksPerSecond;
        if (rest.Seconds == 0 && subSecondTicks == 0) return sb.ToString();
        if (rest.Seconds == 0 && sb.Length == 0 && subSecondTicks % TimeSpan.TicksPerMillisecond == 0)
            return sb.Append(CultureInfo.InvariantCulture, $"{subSecondTicks / TimeSpan.TicksPerMillisecond}ms").ToString();

        var seconds = rest.Seconds + subSecondTicks / (decimal)TimeSpan.TicksPerSecond;
        return sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    private static long TicksPer(string unit) => unit switch
    {
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => 0,
    };

    private static bool ToTimeSpan(decimal ticks, string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            error = $"duration '{text}' is too large";
            return false;
        }
        value = TimeSpan.FromTicks((long)decimal.Round(ticks));
        error = null;
        return true;
    }
}
