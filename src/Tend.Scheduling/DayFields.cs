using Cronos;

namespace Tend.Scheduling;

/// <summary>
/// Cron's one OR: when day of month and day of week are both restricted, a day matching either
/// runs the job (cron(5), POSIX crontab, cronexpr). Cronos ANDs every field, so the expression is
/// parsed twice, once with each day field left as `*`; a day the first set or the second set
/// allows is then exactly a day either field matches.
/// </summary>
internal static class DayFields
{
    /// <summary>The Cronos expressions whose occurrences, together, are the expression's (one, or two when both day fields are restricted).</summary>
    public static CronExpression[] Alternatives(string[] fields, CronFormat format)
    {
        var whole = CronExpression.Parse(string.Join(' ', fields), format);
        var (dom, dow) = format == CronFormat.IncludeSeconds ? (3, 5) : (2, 4);
        if (!Restricted(fields[dom]) || !Restricted(fields[dow])) return [whole];
        var byDayOfMonth = (string[])fields.Clone();
        byDayOfMonth[dow] = "*";
        var byDayOfWeek = (string[])fields.Clone();
        byDayOfWeek[dom] = "*";
        return [CronExpression.Parse(string.Join(' ', byDayOfMonth), format), CronExpression.Parse(string.Join(' ', byDayOfWeek), format)];
    }

    /// <summary>`*` and `?` leave a day field free; anything else restricts it (`*/2` too, as in cronexpr and croniter; Vixie cron, which looks at the first character only, would AND it).</summary>
    private static bool Restricted(string field) => field is not ("*" or "?");
}
