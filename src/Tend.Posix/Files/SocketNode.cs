using System.Runtime.InteropServices;
using Tend.Posix.Interop;
using Tend.Posix.Spawn;

namespace Tend.Posix.Files;

/// <summary>
/// The mode and owner of a Unix socket file Tend just bound, set on the node bind made and on
/// nothing else: chmod and chown by path follow a symlink, and whoever can write the socket's
/// directory could put one there between bind and chmod, making root chmod or chown (to the
/// configured user) any file (issue 16). The node is opened O_PATH | O_NOFOLLOW, must be a socket,
/// and is changed through that descriptor.
/// </summary>
public static class SocketNode
{
    /// <summary>Sets <paramref name="mode"/> and, when given, <paramref name="owner"/> (user[:group]); null on success, else why not.</summary>
    public static string? Restrict(string path, int mode, string? owner)
    {
        var fd = LibC.open(path, LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0) return $"open {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        try
        {
            if (FileFacts.Of(fd).Type != LibC.S_IFSOCK) return $"{path} is no longer the socket Tend bound: something replaced it";
            // fchmod does not reach the file of an O_PATH descriptor; its /proc link does, and only it.
            if (LibC.chmod($"/proc/self/fd/{fd}", mode) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.ENOENT || LibC.chmod(path, mode) != 0) // no /proc: by path, as before
                    return $"chmod {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
            }
            if (owner is null) return null;
            var colon = owner.IndexOf(':');
            var credentials = UserLookup.Resolve(colon < 0 ? owner : owner[..colon], colon < 0 ? null : owner[(colon + 1)..], out var error);
            if (credentials is null) return error;
            if (LibC.fchownat(fd, "", credentials.Uid, credentials.Gid, LibC.AT_EMPTY_PATH) != 0)
                return $"chown {owner} {path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
            return null;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
