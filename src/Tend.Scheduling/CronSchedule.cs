using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Tend.Scheduling;

/// <summary>
/// A cron expression, evaluated by Cronos in the job's time zone, with an optional year field
/// (which Cronos does not have) applied as a filter on its occurrences.
///
/// Day of month and day of week, when both are restricted (neither is `*` nor `?`), are ORed as
/// cron(5) says ("the command will be run when either field matches") and supercronic's cronexpr
/// does: `0 0 13 * 5` runs on every 13th and on every Friday. Cronos ANDs them (a Friday the 13th),
/// so such an expression is kept as two Cronos expressions (<see cref="DayFields"/>) and the
/// earlier of their occurrences is the next run.
///
/// DST, as Cronos defines it: when clocks go forward, an occurrence inside the skipped hour runs
/// once, at the moment the clocks jump (02:30 on a Paris spring-forward day runs at 03:00); when
/// they go back, a job with a fixed hour runs once (the first 01:30), while one whose hour field is
/// an interval or a star (`*/15 * * * *`) runs in both repeated hours, since each is a new instant.
/// </summary>
public sealed class CronSchedule : JobSchedule
{
    private readonly CronExpression[] _expressions;
    private readonly YearField? _years;

    private CronSchedule(string text, CronExpression[] expressions, YearField? years) : base(text)
    {
        _expressions = expressions;
        _years = years;
    }

    internal static bool TryCreate(string text, string[] fields, CronDialect dialect, [NotNullWhen(true)] out JobSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        string? yearText = null;
        string[] cron;
        var format = CronFormat.Standard;
        switch (fields.Length)
        {
            case 5:
                cron = fields;
                break;
            case 6 when dialect == CronDialect.SecondsFirst:
                cron = fields;
                format = CronFormat.IncludeSeconds;
                break;
            case 6:
                cron = fields[..5];
                yearText = fields[5];
                break;
            case 7:
                cron = fields[..6];
                yearText = fields[6];
                format = CronFormat.IncludeSeconds;
                break;
            default:
                error = $"a cron expression has 5, 6 or 7 fields, not {fields.Length}";
                return false;
        }
        YearField? years = null;
        if (yearText is not null && !YearField.TryParse(yearText, out years, out error)) return false;
        try
        {
            schedule = new CronSchedule(text, DayFields.Alternatives(cron, format), years);
            error = null;
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message.TrimEnd('.');
            return false;
        }
        catch (MissingSeedException)
        {
            // Cronos reads Jenkins' H (a value hashed from a seed) and throws for it without a seed;
            // found by the fuzzer (scripts/fuzz.sh tend-yaml). Tend has no seed to give it.
            error = "'H' (a hashed value, as Jenkins writes it) is not supported; write a number, a range, a list or *";
            return false;
        }
    }

    public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin)
    {
        var from = after;
        // A handful of jumps at most: each one lands in an allowed year or ends the search.
        for (var guard = 0; guard < 200; guard++)
        {
            var next = Earliest(from, zone);
            if (next is null || _years is null) return next;
            var local = TimeZoneInfo.ConvertTime(next.Value, zone);
            if (_years.Allows(local.Year)) return next;
            if (_years.NextAllowed(local.Year) is not { } year) return null;
            // Just before midnight of 1 January of the next allowed year, in the job's zone.
            var jan1 = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            from = new DateTimeOffset(jan1, zone.GetUtcOffset(jan1)).AddTicks(-1);
        }
        return null;
    }

    private DateTimeOffset? Earliest(DateTimeOffset from, TimeZoneInfo zone)
    {
        DateTimeOffset? earliest = null;
        foreach (var expression in _expressions)
            if (expression.GetNextOccurrence(from, zone, inclusive: false) is { } next && (earliest is null || next < earliest))
                earliest = next;
        return earliest;
    }
}
