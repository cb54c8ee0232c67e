using System.Runtime.CompilerServices;

namespace Tend.Logging;

/// <summary>
/// Bytes waiting to go to one of Tend's output descriptors. Only whole lines are ever appended,
/// so it may be flushed at any point, and each flush is written completely: lines from different
/// programs never interleave. The storage is pinned so the line copier can work with pointers.
/// </summary>
internal sealed unsafe class OutputBuffer(int fd)
{
    public const int Capacity = 256 * 1024;

    /// <summary>Bytes past any reservation that may be overwritten: the copier stores 16-byte blocks.</summary>
    public const int Slack = 64;

    private byte[] _data = GC.AllocateUninitializedArray<byte>(Capacity + Slack, pinned: true);
    private int _length;

    public int Fd { get; } = fd;

    /// <summary>The reader went away (EPIPE) or the descriptor is unusable: output is dropped from then on.</summary>
    public bool Broken { get; private set; }

    public bool ShouldFlush => _length >= Capacity / 2;

    /// <summary>Room for <paramref name="size"/> bytes, flushing first when the buffer is too full.</summary>
    public Span<byte> Reserve(int size) => new(ReservePointer(size), size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* ReservePointer(int size)
    {
        if (_length + size > _data.Length - Slack) MakeRoom(size);
        return (byte*)Unsafe.AsPointer(ref _data[_length]);
    }

    private void MakeRoom(int size)
    {
        Flush();
        if (size > _data.Length - Slack) // only a JSON-escaped giant line can get here
            _data = GC.AllocateUninitializedArray<byte>(size + Slack, pinned: true);
    }

    public void Advance(int count) => _length += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    public void Flush()
    {
        if (_length == 0) return;
        if (!Broken && !Posix.Fd.WriteAll(Fd, _data.AsSpan(0, _length))) Broken = true;
        _length = 0;
        if (_data.Length > Capacity + Slack) _data = GC.AllocateUninitializedArray<byte>(Capacity + Slack, pinned: true);
    }
}
