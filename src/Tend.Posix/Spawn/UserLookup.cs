using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Spawn;

/// <summary>Resolves "www-data", "33" or "33:33" style users (and an optional group) to credentials.</summary>
public static unsafe class UserLookup
{
    /// <summary>The credentials, or null with a message saying what was not found.</summary>
    public static Credentials? Resolve(string user, string? group, out string? error)
    {
        error = null;
        var buffer = new byte[16384];
        uint uid, gid;
        string? name = null;
        fixed (byte* buf = buffer)
        {
            LibC.Passwd pwd;
            LibC.Passwd* found = null;
            if (uint.TryParse(user, out uid))
            {
                LibC.getpwuid_r(uid, &pwd, buf, (nuint)buffer.Length, &found);
                gid = found != null ? found->Gid : uid;
                if (found != null) name = Marshal.PtrToStringUTF8((nint)found->Name);
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(user + "\0");
                fixed (byte* n = bytes)
                    LibC.getpwnam_r(n, &pwd, buf, (nuint)buffer.Length, &found);
                if (found == null) { error = $"unknown user \"{user}\""; return null; }
                uid = found->Uid;
                gid = found->Gid;
                name = user;
            }
        }

        if (group is not null)
        {
            var g = ResolveGroup(group);
            if (g is null) { error = $"unknown group \"{group}\""; return null; }
            gid = g.Value;
        }

        var groups = name is null ? new List<uint> { gid } : SupplementaryGroups(name, gid);
        return new Credentials(uid, gid, groups);
    }

    /// <summary>
    /// Whether a user name is in the user database: true or false, or null with <paramref name="why"/>
    /// when the database itself could not be read (getpwnam_r's error, or an unreadable /etc/passwd).
    /// </summary>
    public static bool? UserExists(string name, out string? why) => Exists(name, group: false, out why);

    /// <inheritdoc cref="UserExists"/>
    public static bool? GroupExists(string name, out string? why) => Exists(name, group: true, out why);

    private static bool? Exists(string name, bool group, out string? why)
    {
        why = null;
        if (name.Contains('\0')) return false; // C would read a shorter name
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        for (var size = 16384; ; size *= 4)
        {
            var buffer = new byte[size];
            int error;
            bool found;
            fixed (byte* buf = buffer)
            fixed (byte* n = bytes)
            {
                if (group)
                {
                    LibC.Group grp;
                    LibC.Group* result = null;
                    error = LibC.getgrnam_r(n, &grp, buf, (nuint)buffer.Length, &result);
                    found = result != null;
                }
                else
                {
                    LibC.Passwd pwd;
                    LibC.Passwd* result = null;
                    error = LibC.getpwnam_r(n, &pwd, buf, (nuint)buffer.Length, &result);
                    found = result != null;
                }
            }
            if (found) return true;
            var file = group ? "/etc/group" : "/etc/passwd";
            if (error == 0) return Unreadable(file, out why) ? null : false;
            if (error == ERANGE && size < 1 << 24) continue;
            // With "files" alone (the static binary, StaticLookups) an unreadable file is the
            // lookup's own error: name the file when that is why.
            if (Unreadable(file, out why)) return null;
            why = PosixException.Describe(error);
            return null;
        }
    }

    private const int ERANGE = 34, R_OK = 4;

    /// <summary>
    /// With "passwd: files systemd" (Debian's default) an unreadable /etc/passwd is skipped and the
    /// next source says "not found": so a name not found counts only when the file could be read.
    /// </summary>
    private static bool Unreadable(string file, out string? why)
    {
        why = null;
        var bytes = Encoding.UTF8.GetBytes(file + "\0");
        fixed (byte* f = bytes)
            if (LibC.access(f, R_OK) == 0) return false;
        why = $"{file}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        return true;
    }

    /// <summary>The gid of a group name or number, or null when the name is unknown.</summary>
    public static uint? GroupId(string group) => ResolveGroup(group);

    private static uint? ResolveGroup(string group)
    {
        if (uint.TryParse(group, out var gid)) return gid;
        var buffer = new byte[16384];
        var bytes = Encoding.UTF8.GetBytes(group + "\0");
        fixed (byte* buf = buffer)
        fixed (byte* n = bytes)
        {
            LibC.Group grp;
            LibC.Group* found = null;
            LibC.getgrnam_r(n, &grp, buf, (nuint)buffer.Length, &found);
            return found == null ? null : found->Gid;
        }
    }

    private static List<uint> SupplementaryGroups(string user, uint gid)
    {
        var count = 64;
        while (true)
        {
            var list = new uint[count];
            var n = count;
            var bytes = Encoding.UTF8.GetBytes(user + "\0");
            fixed (byte* u = bytes)
            fixed (uint* l = list)
            {
                if (LibC.getgrouplist(u, gid, l, &n) >= 0) return list.Take(n).ToList();
            }
            if (count > 65536) return [gid];
            count = Math.Max(n, count * 2);
        }
    }
}
