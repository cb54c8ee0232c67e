using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int PR_SET_NAME = 15;

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial int geteuid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetpgrp(int fd, int pgrp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setgroups(nuint size, uint* list);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setresgid(uint rgid, uint egid, uint sgid);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setresuid(uint ruid, uint euid, uint suid);

    [LibraryImport("libc")]
    public static partial void _exit(int status);
}
