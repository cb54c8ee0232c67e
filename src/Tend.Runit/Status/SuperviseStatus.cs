using System.Buffers.Binary;

namespace Tend.Runit.Status;

/// <summary>
/// One service's state as runsv publishes it in supervise/status (20 bytes, daemontools
/// compatible) and supervise/stat. <see cref="Since"/> is when the current state began: the
/// start of ./run (kept while ./finish runs) or the moment the service went down. sv prints
/// its age and, when waiting, compares it with its own start time, so it must move on every
/// state change and only then.
/// </summary>
public readonly record struct SuperviseStatus(
    DateTimeOffset Since,
    int Pid,
    RunState State,
    Want Want,
    bool Paused = false,
    bool TermSent = false)
{
    public const int Size = 20;

    /// <summary>
    /// Layout: 0-11 TAI64N of <see cref="Since"/>; 12-15 pid, little-endian (0 = none);
    /// 16 paused; 17 'u' or 'd'; 18 TERM sent and not yet gone; 19 state.
    /// </summary>
    public void Encode(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("supervise/status needs 20 bytes", nameof(destination));
        Tai64N.Write(destination, Since);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)Pid);
        destination[16] = Paused ? (byte)1 : (byte)0;
        destination[17] = Want == Want.Up ? (byte)'u' : (byte)'d';
        destination[18] = TermSent ? (byte)1 : (byte)0;
        destination[19] = (byte)State;
    }

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        Encode(bytes);
        return bytes;
    }

    /// <summary>
    /// Reads a record. 'd' decodes as <see cref="Want.Down"/> (the record cannot say "exit").
    /// Returns false for a short record or bytes runsv never writes (a time label out of range included).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out SuperviseStatus status)
    {
        status = default;
        if (source.Length != Size) return false;
        if (source[16] > 1 || source[18] > 1 || source[19] > (byte)RunState.Finish) return false;
        Want want;
        if (source[17] == 'u') want = Want.Up;
        else if (source[17] == 'd') want = Want.Down;
        else return false;
        if (!Tai64N.TryRead(source, out var since)) return false;
        status = new SuperviseStatus(
            since,
            (int)BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            (RunState)source[19],
            want,
            source[16] == 1,
            source[18] == 1);
        return true;
    }
}
