using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Events;

/// <summary>
/// A level-triggered epoll set keyed by a caller-chosen 64-bit token. Used by exactly one thread.
/// struct epoll_event is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16 bytes).
/// </summary>
public sealed unsafe class Epoll : IDisposable
{
    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int EventSize = Packed ? sizeof(LibC.EpollEventPacked) : sizeof(LibC.EpollEventAligned);
    private const int MaxEvents = 64;
    private readonly byte* _events;

    public int Fd { get; }

    public Epoll()
    {
        Fd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (Fd < 0) throw PosixException.FromLastError("epoll_create1");
        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EventSize));
    }

    public void Add(int fd, ulong token)
    {
        var ev = stackalloc byte[16];
        Write(ev, LibC.EPOLLIN, token);
        if (LibC.epoll_ctl(Fd, LibC.EPOLL_CTL_ADD, fd, ev) != 0) throw PosixException.FromLastError("epoll_ctl(ADD)");
    }

    /// <summary>Watches <paramref name="fd"/> for room to write (a pipe an event listener reads slowly).</summary>
    public void AddWritable(int fd, ulong token)
    {
        var ev = stackalloc byte[16];
        Write(ev, LibC.EPOLLOUT, token);
        if (LibC.epoll_ctl(Fd, LibC.EPOLL_CTL_ADD, fd, ev) != 0) throw PosixException.FromLastError("epoll_ctl(ADD)");
    }

    public void Remove(int fd)
    {
        var ev = stackalloc byte[16];
        LibC.epoll_ctl(Fd, LibC.EPOLL_CTL_DEL, fd, ev);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1: forever); EINTR counts as a timeout.</summary>
    public int Wait(Span<ulong> tokens, int timeoutMs)
    {
        var max = Math.Min(tokens.Length, MaxEvents);
        var n = LibC.epoll_wait(Fd, _events, max, timeoutMs);
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) return 0;
            throw new PosixException(errno, "epoll_wait");
        }
        for (var i = 0; i < n; i++) tokens[i] = ReadToken(_events + i * EventSize);
        return n;
    }

    private static void Write(byte* ev, uint events, ulong token)
    {
        *(uint*)ev = events;
        if (Packed) *(ulong*)(ev + 4) = token;
        else *(ulong*)(ev + 8) = token;
    }

    private static ulong ReadToken(byte* ev) => Packed ? *(ulong*)(ev + 4) : *(ulong*)(ev + 8);

    public void Dispose()
    {
        LibC.close(Fd);
        NativeMemory.Free(_events);
    }
}
