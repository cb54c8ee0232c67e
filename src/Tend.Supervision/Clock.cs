using System.Diagnostics;

namespace Tend.Supervision;

/// <summary>Monotonic milliseconds (CLOCK_MONOTONIC through Stopwatch; TickCount64 is coarse on Linux).</summary>
internal static class Clock
{
    // Divide first: timestamp * 1000 would overflow after ~106 days of host uptime.
    public static long NowMs => Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000);

    /// <summary>Wall-clock milliseconds since the epoch, for times shown to people and protocols (supervisord's start/stop).</summary>
    public static long UnixMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
