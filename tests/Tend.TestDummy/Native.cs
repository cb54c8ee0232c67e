using System.Runtime.InteropServices;

// Linux only (procfs, Linux signal numbers and open flags); also tells the platform analyzer.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Tend.TestDummy;

/// <summary>
/// The libc calls the dummy needs. It talks to the kernel directly instead of going through
/// Console/FileStream/Process so that what a test observes (exact bytes, exact fds, exact
/// signal dispositions, real O_APPEND) is what the verb asked for, with no runtime buffering
/// in between. Constants are the Linux values (x86_64 and arm64 agree).
/// </summary>
internal static unsafe partial class Native
{
    // open(2) flags.
    public const int O_WRONLY = 0x1, O_CREAT = 0x40, O_TRUNC = 0x200, O_APPEND = 0x400,
        O_CLOEXEC = 0x80000;

    public const int EINTR = 4;

    public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1;
    public static readonly nint SIG_DFL = 0, SIG_IGN = 1;

    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>glibc's sigset_t is 128 bytes; allocate more so a bigger libc layout cannot overflow.</summary>
    public const int SigsetBytes = 256;

    /// <summary>glibc's posix_spawnattr_t is 336 bytes; same margin as above.</summary>
    public const int SpawnAttrBytes = 1024;

    public const int RLIMIT_CORE = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);

    // open is variadic in C; passing the mode as a fixed third int is how every Linux ABI we
    // run on (x86_64, arm64) reads it, and it saves a C shim.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint signal(int sig, nint handler);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int raise(int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigfillset(void* set);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigaddset(void* set, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigdelset(void* set, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigprocmask(int how, void* set, void* oldSet);

    /// <summary>Dequeues one of the (blocked) signals in <paramref name="set"/>; returns its number.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigwaitinfo(void* set, void* info);

    /// <summary>sigwaitinfo with a timeout (struct timespec: two longs); -1/EAGAIN when it expires.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigtimedwait(void* set, void* info, long* timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setrlimit(int resource, ulong* limits);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial int getppid();

    [LibraryImport("libc")]
    public static partial int getpgrp();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsid(int pid);

    [LibraryImport("libc")]
    public static partial uint getuid();

    [LibraryImport("libc")]
    public static partial uint getgid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getgroups(int size, uint* list);

    [LibraryImport("libc")]
    public static partial uint umask(uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial byte* getcwd(byte* buf, nuint size);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial byte* getenv(string name);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint opendir(string path);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dirfd(nint dir);

    /// <summary>Returns a struct dirent*; d_name is at offset 19 on 64-bit glibc and musl.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial byte* readdir(nint dir);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int closedir(nint dir);

    public const int DirentNameOffset = 19;

    // posix_spawn family: these return the error number instead of setting errno.
    [LibraryImport("libc")]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* set);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* set);

    /// <summary>errno of the last call marked SetLastError, as text for error messages.</summary>
    public static string LastError()
    {
        int errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    public static string ErrorText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
