using System.Diagnostics;

namespace Tend.Supervision;

/// <summary>Monotonic milliseconds (CLOCK_MONOTONIC through Stopwatch; TickCount64 is coarse on Linux).</summary>
internal static class Clock
{
    public static long NowMs => Stopwatch.GetTimestamp() * 1000 / Stopwatch.Frequency;
}
