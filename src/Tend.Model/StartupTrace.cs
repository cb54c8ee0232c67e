using System.Diagnostics;

namespace Tend.Model;

/// <summary>
/// Where Tend's start-up goes, for whoever works on it: with TEND_TRACE_STARTUP=1 each step of the
/// start prints, on stderr, the milliseconds since the process's first instruction that Tend
/// controls (the signal-mask constructor, which records the clock) or, without it, since Main,
/// with the bytes allocated and the collections so far (allocation is much of a start's cost: each
/// fresh page of heap is a page fault). Off, a mark costs one static bool test.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("TEND_TRACE_STARTUP") == "1";
    private static long _origin = Stopwatch.GetTimestamp();

    /// <summary>Sets the origin to a CLOCK_MONOTONIC time in nanoseconds (Stopwatch's clock on Linux).</summary>
    public static void SetOrigin(long monotonicNs)
    {
        if (monotonicNs > 0) _origin = (long)(monotonicNs * (Stopwatch.Frequency / 1e9));
    }

    public static bool IsEnabled => Enabled;

    public static void Mark(string step)
    {
        if (!Enabled) return;
        var ms = (Stopwatch.GetTimestamp() - _origin) * 1000.0 / Stopwatch.Frequency;
        Console.Error.WriteLine($"tend: start-up +{ms:0.000} ms {step} ({GC.GetTotalAllocatedBytes() / 1024} KiB allocated, {GC.CollectionCount(0)} collections)");
    }
}
