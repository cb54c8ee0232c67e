using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;
using Tend.Posix.Spawn;

namespace Tend.Posix;

/// <summary>chown by name, as supervisord's [unix_http_server] chown=user[:group] does for its socket.</summary>
public static unsafe class FileOwner
{
    /// <summary>Changes the owner (and group: the user's own unless given); null on success, else why not.</summary>
    public static string? Change(string path, string owner)
    {
        var colon = owner.IndexOf(':');
        var user = colon < 0 ? owner : owner[..colon];
        var group = colon < 0 ? null : owner[(colon + 1)..];
        var credentials = UserLookup.Resolve(user, group, out var error);
        if (credentials is null) return error;
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            if (LibC.chown(p, credentials.Uid, credentials.Gid) != 0)
                return $"chown {owner} {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        return null;
    }

    /// <summary>chown of <paramref name="path"/> (following a symbolic link, as chown(1) and s6-chown do); null on success, else why not.</summary>
    public static string? ChangeIds(string path, uint uid, uint gid)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            if (LibC.chown(p, uid, gid) != 0)
                return $"chown {uid}:{gid} {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        return null;
    }

    /// <summary>chmod of <paramref name="path"/> (following a symbolic link); null on success, else why not.</summary>
    public static string? ChangeMode(string path, int mode) =>
        LibC.chmod(path, mode) == 0 ? null : $"chmod {Convert.ToString(mode, 8)} {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
}
