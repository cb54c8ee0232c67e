using Tend.Posix.Interop;

namespace Tend.Posix.Signals;

/// <summary>
/// Signals read as data from a descriptor. The signals must already be blocked in every thread
/// (see <see cref="SignalMask"/>), otherwise the runtime's own handlers would see them first.
/// </summary>
public sealed unsafe class SignalFd : IDisposable
{
    public int Fd { get; }

    public SignalFd(SignalSet signals)
    {
        fixed (byte* p = signals.Bytes)
            Fd = LibC.signalfd(-1, p, LibC.SFD_NONBLOCK | LibC.SFD_CLOEXEC);
        if (Fd < 0) throw PosixException.FromLastError("signalfd");
    }

    /// <summary>Reads every pending signal (standard signals coalesce: one entry per kind).</summary>
    public void Drain(List<(int Signal, int SenderPid)> into)
    {
        var buffer = stackalloc byte[LibC.SignalfdSiginfoSize * 16];
        while (true)
        {
            var n = LibC.read(Fd, buffer, LibC.SignalfdSiginfoSize * 16);
            if (n < 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR) continue;
                if (errno == LibC.EAGAIN) return;
                throw new PosixException(errno, "read(signalfd)");
            }
            if (n == 0) return;
            for (var off = 0; off + LibC.SignalfdSiginfoSize <= n; off += LibC.SignalfdSiginfoSize)
                into.Add(((int)*(uint*)(buffer + off), (int)*(uint*)(buffer + off + 12)));
        }
    }

    public void Dispose() => LibC.close(Fd);
}
