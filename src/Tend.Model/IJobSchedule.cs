namespace Tend.Model;

/// <summary>
/// A job's schedule, parsed once when the configuration is read (issue 17): the model carries the
/// typed value so the supervisor never parses a schedule again. The implementation lives in
/// Tend.Scheduling (Cronos); this interface keeps the model free of a cron library.
/// </summary>
public interface IJobSchedule
{
    /// <summary>The schedule as written (a crontab's 6-field line normalised to 7 fields).</summary>
    string Text { get; }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, read in <paramref name="zone"/>;
    /// <paramref name="origin"/> is when counting started (Tend's start), for interval schedules.
    /// Null when there is none (a year field that has passed).
    /// </summary>
    DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin);
}
