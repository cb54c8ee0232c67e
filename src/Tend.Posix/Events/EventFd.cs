using Tend.Posix.Interop;

namespace Tend.Posix.Events;

/// <summary>A wake-up counter: other threads Signal(), the owning loop sees the fd readable and Reset()s.</summary>
public sealed unsafe class EventFd : IDisposable
{
    public int Fd { get; }

    public EventFd()
    {
        Fd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (Fd < 0) throw PosixException.FromLastError("eventfd");
    }

    public void Signal()
    {
        ulong one = 1;
        LibC.write(Fd, (byte*)&one, 8);
    }

    public void Reset()
    {
        ulong value;
        LibC.read(Fd, (byte*)&value, 8);
    }

    public void Dispose() => LibC.close(Fd);
}
