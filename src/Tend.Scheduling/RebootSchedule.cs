namespace Tend.Scheduling;

/// <summary>
/// cron's `@reboot`, in the cron dialect of crontab files: one run when Tend starts (the origin
/// every job counts from), none after. A supervisor can do what supercronic cannot here: it is
/// the container's start. A reload does not run it again (Tend did not start again).
/// </summary>
public sealed class RebootSchedule : JobSchedule
{
    public const string Word = "@reboot";

    public RebootSchedule() : base(Word)
    {
    }

    /// <summary>The origin when asked from before it (the supervisor asks from just before its start), never again.</summary>
    public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset origin) =>
        after < origin ? origin : null;
}
