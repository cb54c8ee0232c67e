using Tend.Posix;

namespace Tend.Logging;

/// <summary>
/// Bytes waiting to go to one of Tend's output descriptors. Only whole lines are ever appended,
/// and each flush is written completely, so lines from different programs never interleave.
/// </summary>
internal sealed class OutputBuffer(int fd)
{
    public const int FlushThreshold = 256 * 1024;
    private byte[] _data = new byte[64 * 1024];
    private int _length;

    public int Fd { get; } = fd;
    public bool Broken { get; private set; }

    public bool ShouldFlush => _length >= FlushThreshold;

    public Span<byte> Reserve(int size)
    {
        if (_length + size > _data.Length)
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + size));
        return _data.AsSpan(_length, size);
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
        // A reader that went away (EPIPE) must not stop Tend: the output is dropped from then on.
        if (!Broken && !Posix.Fd.WriteAll(Fd, _data.AsSpan(0, _length))) Broken = true;
        _length = 0;
        if (_data.Length > 4 * FlushThreshold) _data = new byte[64 * 1024]; // give back a burst's memory
    }
}
