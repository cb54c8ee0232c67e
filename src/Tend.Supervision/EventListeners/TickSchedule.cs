namespace Tend.Supervision.EventListeners;

/// <summary>
/// When TICK_5/60/3600 fire, as supervisord decides it: each period's current time slice
/// (now rounded down to a multiple of the period) is remembered at start-up, and a tick is raised
/// each time the slice changes, carrying the new slice as when:. So the first TICK_60 comes at the
/// next whole minute, not 60 s after start, and a late check raises one tick, not several.
/// </summary>
public sealed class TickSchedule
{
    public static readonly int[] Periods = [5, 60, 3600];
    private readonly long[] _last = new long[Periods.Length];
    private bool _started;

    /// <summary>The tick events due at <paramref name="nowUnixSeconds"/>, shortest period first.</summary>
    public List<ListenerEvent> Due(long nowUnixSeconds)
    {
        var due = new List<ListenerEvent>();
        for (var i = 0; i < Periods.Length; i++)
        {
            var slice = Slice(Periods[i], nowUnixSeconds);
            if (!_started) _last[i] = slice;
            else if (slice != _last[i])
            {
                _last[i] = slice;
                due.Add(EventSerializer.Tick(Periods[i], slice));
            }
        }
        _started = true;
        return due;
    }

    /// <summary>The next instant (unix seconds) at which some tick is due: for the loop's timeout.</summary>
    public static long NextDue(long nowUnixSeconds) => Slice(5, nowUnixSeconds) + 5;

    private static long Slice(int period, long now) => now - (now % period);
}
