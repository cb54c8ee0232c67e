using System.Diagnostics;
using Tend.Model;

namespace Tend.Health;

/// <summary>When a probe runs next. Pure; times are milliseconds on <see cref="ProbeClock"/>.</summary>
public static class ProbeSchedule
{
    /// <summary>Intervals shorter than this are raised to it, so a zero interval cannot spin.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first run is due InitialDelay after the program started; every later one Interval after
    /// the previous run started (never before the initial delay has passed).
    /// </summary>
    /// <param name="spec">The probe, with its initial delay and interval.</param>
    /// <param name="startedAtMs">When the program (this generation of it) started.</param>
    /// <param name="lastRunMs">When the previous check started; null when none has run yet.</param>
    public static long NextDue(ProbeSpec spec, long startedAtMs, long? lastRunMs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var first = startedAtMs + Milliseconds(spec.InitialDelay, TimeSpan.Zero);
        if (lastRunMs is not { } last) return first;
        return Math.Max(first, last + Milliseconds(spec.Interval, MinInterval));
    }

    /// <summary>Whole milliseconds, at least <paramref name="min"/>, at most a day.</summary>
    internal static long Milliseconds(TimeSpan value, TimeSpan min)
    {
        var clamped = value < min ? min : value > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : value;
        return (long)clamped.TotalMilliseconds;
    }
}

/// <summary>
/// The monotonic clock the probe runner schedules on (CLOCK_MONOTONIC through Stopwatch).
/// The startedAtMs given to <see cref="ProbeRunner.Watch"/> must come from it.
/// </summary>
public static class ProbeClock
{
    private static readonly long TicksPerMillisecond = Math.Max(1, Stopwatch.Frequency / 1000);

    public static long NowMs => Stopwatch.GetTimestamp() / TicksPerMillisecond;
}
