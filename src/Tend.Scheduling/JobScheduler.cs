using Tend.Model;

namespace Tend.Scheduling;

/// <summary>
/// One job's schedule in its zone, against a clock (a <see cref="TimeProvider"/>, so tests move
/// time by hand). Missed occurrences are not caught up: after a run (or a late wake-up) the next
/// one is the first after now, so a suspended host or a long run never causes a burst of runs.
/// </summary>
public sealed class JobScheduler(IJobSchedule schedule, TimeZoneInfo zone, TimeProvider clock, DateTimeOffset origin)
{
    public IJobSchedule Schedule => schedule;

    public TimeZoneInfo Zone => zone;

    /// <summary>The next occurrence after the clock's now; null when the schedule has no more.</summary>
    public DateTimeOffset? Next() => schedule.NextAfter(clock.GetUtcNow(), zone, origin);

    public DateTimeOffset? NextAfter(DateTimeOffset after) => schedule.NextAfter(after, zone, origin);

    public DateTimeOffset Now => clock.GetUtcNow();
}
