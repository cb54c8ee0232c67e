namespace Tend.Logging;

/// <summary>
/// Gives memory back once a burst of activity is over. A crash loop, a reload or a storm of
/// restarts allocates steadily, and the GC keeps the heap it grew (its budgets adapt upwards, and
/// freed regions stay committed): ten programs crash-looping took Tend from 6 to over 30 MiB, which
/// stayed after the loops stopped. Nothing leaks; a full compacting collection that decommits
/// (GCCollectionMode.Aggressive) brings RSS back to where it started.
///
/// The log thread hosts it because it sees every event (each start and exit is a line) and already
/// waits with a timeout when it must: after a burst (<see cref="BurstBytes"/> allocated since the
/// last trim) it waits <see cref="Quiet"/> without events, trims once, and goes back to waiting
/// with no timeout at all, so an idle Tend still never wakes up. A Tend that just started has not
/// allocated a burst yet, so it is not woken to trim either.
/// </summary>
internal sealed class QuietTrim
{
    /// <summary>Allocated since the last trim for a quiet spell to be worth a trim.</summary>
    public const long BurstBytes = 16L << 20;

    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private long _allocatedAtTrim = GC.GetTotalAllocatedBytes();
    private long _due = long.MaxValue; // when the next trim is due, if nothing happens before

    /// <summary>Something happened (an event line): a trim, if one is armed, waits for quiet again.</summary>
    public void Activity()
    {
        if (GC.GetTotalAllocatedBytes() - _allocatedAtTrim < BurstBytes) return;
        _due = Environment.TickCount64 + (long)Quiet.TotalMilliseconds;
    }

    /// <summary>Milliseconds until the trim is due (-1: none armed), for the log thread's wait.</summary>
    public int TimeoutMs => _due == long.MaxValue ? -1 : (int)Math.Max(0, _due - Environment.TickCount64);

    /// <summary>A trim is due now (the log thread lets go of what it can spare first).</summary>
    public bool IsDue => Environment.TickCount64 >= _due;

    /// <summary>Trims when due; the log thread calls it after every wait.</summary>
    public void TrimIfDue()
    {
        if (Environment.TickCount64 < _due) return;
        _due = long.MaxValue;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _allocatedAtTrim = GC.GetTotalAllocatedBytes();
    }
}
