using System.Buffers.Binary;

namespace Tend.Runit.Status;

/// <summary>
/// TAI64N labels, the 12-byte timestamps of daemontools and runit: 8 bytes of seconds,
/// big-endian, offset by 2^62 + 10 (TAI was 10 s ahead of UTC in 1970; like runit we ignore
/// later leap seconds), then 4 bytes of nanoseconds, big-endian.
/// </summary>
public static class Tai64N
{
    public const int Size = 12;
    private const ulong Offset = 0x4000000000000000UL + 10;

    /// <summary>
    /// Writes <paramref name="time"/>. The nanoseconds are microseconds * 1000 + 500, as runit's
    /// taia_now (gettimeofday based) produces them, so our records look like runsv's.
    /// </summary>
    public static void Write(Span<byte> destination, DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0) { seconds--; rest += TimeSpan.TicksPerSecond; }
        var micros = (uint)(rest / 10);
        BinaryPrimitives.WriteUInt64BigEndian(destination, Offset + (ulong)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], micros * 1000 + 500);
    }

    /// <summary>
    /// Reads a label back; precision is 100 ns (a tick), the rest is dropped. False for a label no
    /// runsv writes: nanoseconds past 999,999,999, or a time outside what DateTimeOffset holds
    /// (years 1 to 9999), which 12 arbitrary bytes mostly are.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out DateTimeOffset time)
    {
        time = default;
        var label = BinaryPrimitives.ReadUInt64BigEndian(source);
        var nanos = BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        if (nanos > 999_999_999) return false;
        // Seconds relative to 1970 in the range DateTimeOffset can hold, checked before any arithmetic can overflow.
        var min = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
        var max = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond; // 23:59:59 of 9999-12-31: + 999,999,999 ns is MaxValue
        var seconds = unchecked((long)(label - Offset));
        if (seconds < min || seconds > max) return false;
        time = DateTimeOffset.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanos / 100);
        return true;
    }
}
