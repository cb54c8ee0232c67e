using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// What Tend needs to know about its own stdout and stderr to write them well: which file they
/// are, and a non-blocking way to write them that does not touch the shared descriptor.
/// </summary>
public static unsafe class OutputDescriptor
{
    /// <summary>The open file behind <paramref name="fd"/> (device and inode), or null when it cannot be told.</summary>
    public static (uint Major, uint Minor, ulong Inode)? Identity(int fd)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        if (LibC.statx(fd, "", LibC.AT_EMPTY_PATH, LibC.STATX_TYPE | LibC.STATX_INO, buffer) != 0) return null;
        return (*(uint*)(buffer + LibC.StatxDevMajorOffset), *(uint*)(buffer + LibC.StatxDevMinorOffset), *(ulong*)(buffer + LibC.StatxInoOffset));
    }

    /// <summary>
    /// A second, non-blocking descriptor on the same pipe or terminal, or -1. O_NONBLOCK belongs to
    /// an open file description, which Tend's stdout shares with whoever started it (a terminal, the
    /// container runtime's pipe): setting it there would reach them. Opening /proc/self/fd/N makes a
    /// description of Tend's own on the same pipe or device, which can be non-blocking safely.
    /// Regular files (which never wait on a reader) and sockets (which cannot be reopened so) get -1.
    /// </summary>
    public static int OpenNonBlockingTwin(int fd)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        if (LibC.statx(fd, "", LibC.AT_EMPTY_PATH, LibC.STATX_TYPE, buffer) != 0) return -1;
        var type = *(ushort*)(buffer + LibC.StatxModeOffset) & LibC.S_IFMT;
        if (type != LibC.S_IFIFO && type != LibC.S_IFCHR) return -1;
        // O_NOCTTY: as a session leader without a terminal, opening one would make it Tend's controlling terminal.
        var twin = LibC.open($"/proc/self/fd/{fd}", LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_NOCTTY, 0);
        return twin >= 0 ? twin : -1;
    }
}
