using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    public const int SFD_NONBLOCK = 0x800, SFD_CLOEXEC = 0x80000;

    /// <summary>glibc's sigset_t is 1024 bits; the kernel reads the first 64.</summary>
    public const int SigSetSize = 128;

    /// <summary>struct signalfd_siginfo is 128 bytes: ssi_signo at 0, ssi_pid at 12.</summary>
    public const int SignalfdSiginfoSize = 128;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pthread_sigmask(int how, void* set, void* oldSet);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int signalfd(int fd, void* mask, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    /// <summary>signal(2): used only by the exec helper to reset dispositions before execve.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint signal(int signum, nint handler);
}
