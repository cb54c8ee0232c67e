using System.Diagnostics.CodeAnalysis;
using Tend.Model;

namespace Tend.Scheduling;

/// <summary>
/// When a job is due: a cron expression (read by Cronos) or a fixed interval (`@every 30s`).
/// Parsed once, when the configuration is read, and carried in the model as its
/// <see cref="IJobSchedule"/>; the supervisor asks it for the next occurrence. Two schedules are
/// equal when their text is (the text, normalised by the readers, determines the schedule).
///
/// Accepted forms:
///   5 fields   minute hour day-of-month month day-of-week (standard cron)
///   6 fields   <see cref="CronDialect.SecondsFirst"/>: second minute hour dom month dow (Cronos, tend.yaml);
///              <see cref="CronDialect.Cronexpr"/>: minute hour dom month dow year (cronexpr, supercronic's crontabs)
///   7 fields   second minute hour dom month dow year (both dialects)
///   @yearly @annually @monthly @weekly @daily @midnight @hourly
///   @every DURATION   (1h30m, 30s, 500ms is refused: at least one second), counted from Tend's start
/// </summary>
public abstract class JobSchedule : IJobSchedule
{
    protected JobSchedule(string text) => Text = text;

    /// <summary>The schedule as written.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin);

    public override bool Equals(object? obj) => obj is JobSchedule other && other.GetType() == GetType() && other.Text == Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;

    /// <summary>For a schedule known to be valid (tests, hand-made specs); throws FormatException otherwise.</summary>
    public static JobSchedule Parse(string text, CronDialect dialect = CronDialect.SecondsFirst) =>
        TryParse(text, dialect, out var schedule, out var error) ? schedule : throw new FormatException($"invalid schedule '{text}': {error}");

    private static readonly Dictionary<string, string> Shorthands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *", ["@annually"] = "0 0 1 1 *", ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0", ["@daily"] = "0 0 * * *", ["@midnight"] = "0 0 * * *", ["@hourly"] = "0 * * * *",
    };

    public const string Expected =
        "expected 5 cron fields (minute hour day month weekday), 6 with seconds first, 7 with seconds and year, " +
        "@hourly/@daily/@weekly/@monthly/@yearly, or @every DURATION (e.g. @every 30s, @every 1h30m)";

    public static bool TryParse(string text, CronDialect dialect, [NotNullWhen(true)] out JobSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0) { error = "the schedule is empty"; return false; }

        if (trimmed.StartsWith('@'))
        {
            var word = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (word[0].Equals("@every", StringComparison.OrdinalIgnoreCase))
            {
                if (word.Length < 2) { error = "@every needs a duration, e.g. @every 30s"; return false; }
                if (!IntervalSchedule.TryParseInterval(word[1], out var interval, out error)) return false;
                schedule = new IntervalSchedule(text, interval);
                return true;
            }
            if (word[0].Equals("@reboot", StringComparison.OrdinalIgnoreCase))
            {
                error = "@reboot is not a schedule Tend runs; use a program with 'restart: never' (a oneshot at start)";
                return false;
            }
            if (word.Length == 1 && Shorthands.TryGetValue(word[0], out var expanded))
                return CronSchedule.TryCreate(text, expanded.Split(' '), dialect, out schedule, out error);
            error = $"unknown shorthand '{word[0]}'";
            return false;
        }
        return CronSchedule.TryCreate(text, trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), dialect, out schedule, out error);
    }
}

/// <summary>What a 6-field expression means: the only place where cron dialects disagree.</summary>
public enum CronDialect
{
    /// <summary>Seconds first (Cronos, Quartz, tend.yaml's `schedule:`).</summary>
    SecondsFirst,

    /// <summary>Year last (cronexpr, hence supercronic: crontab files read "as is").</summary>
    Cronexpr,
}
