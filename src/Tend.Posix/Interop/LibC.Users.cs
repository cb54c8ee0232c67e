using System.Runtime.InteropServices;

namespace Tend.Posix.Interop;

internal static unsafe partial class LibC
{
    /// <summary>struct passwd on glibc 64-bit: 5 pointers and two uints.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint Uid;
        public uint Gid;
        public byte* Gecos;
        public byte* Dir;
        public byte* Shell;
    }

    /// <summary>struct group: name, password, gid, members.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Group
    {
        public byte* Name;
        public byte* Password;
        public uint Gid;
        public byte** Members;
    }

    [LibraryImport("libc")]
    public static partial int getpwnam_r(byte* name, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc")]
    public static partial int getpwuid_r(uint uid, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc")]
    public static partial int getgrnam_r(byte* name, Group* grp, byte* buf, nuint buflen, Group** result);

    [LibraryImport("libc")]
    public static partial int getgrouplist(byte* user, uint group, uint* groups, int* ngroups);
}
