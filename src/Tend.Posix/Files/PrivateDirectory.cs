using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix.Files;

/// <summary>
/// A directory only its owner can use, in a place every user can write (/tmp/tend-UID). Whoever
/// creates such a name first owns it, so an existing one is trusted only when it is a real
/// directory (not a symlink), owned by the effective uid and closed to group and others: otherwise
/// another user could have put a socket of theirs where ours is expected.
/// </summary>
public static unsafe class PrivateDirectory
{
    private const int STATX_MODE = 0x2, STATX_UID = 0x8, StatxUidOffset = 20;
    private const int W_OK = 2, X_OK = 1;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The effective uid, the one files are created as.</summary>
    public static uint EffectiveUid => (uint)LibC.geteuid();

    /// <summary>True when <paramref name="path"/> is a directory this process may create files in (EROFS counts as no).</summary>
    public static bool IsWritableDirectory(string path) =>
        Directory.Exists(path) && Access(path, W_OK | X_OK);

    /// <summary>Why files cannot be created in <paramref name="path"/> ("read-only file system"), or null when they can.</summary>
    public static string? WhyNotWritable(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return LibC.access(p, W_OK | X_OK) == 0 ? null : PosixException.Describe(Marshal.GetLastPInvokeError());
    }

    /// <summary>Creates <paramref name="path"/> 0700 if absent; null when it is private to us, else why it cannot be used.</summary>
    public static string? Ensure(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("private directories need Unix");
        if (!Exists(path))
        {
            try
            {
                Directory.CreateDirectory(path, OwnerOnly);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot create {path}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}";
            }
        }
        return Check(path);
    }

    /// <summary>Null when <paramref name="path"/> is a directory (not a symlink) owned by us with no group or other bits, else why not.</summary>
    public static string? Check(string path)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_TYPE | STATX_MODE | STATX_UID, buffer) != 0)
            return $"{path}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        var mode = *(ushort*)(buffer + LibC.StatxModeOffset);
        var owner = *(uint*)(buffer + StatxUidOffset);
        var uid = EffectiveUid;
        if ((mode & LibC.S_IFMT) != LibC.S_IFDIR) return $"{path} is not a directory (a symlink or a file is there)";
        if (owner != uid) return $"{path} belongs to uid {owner}, not to uid {uid} (another user created it)";
        if ((mode & 0x3F) != 0) return $"{path} has mode {Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0')}; it must be 0700 (only its owner may use it)";
        return null;
    }

    private static bool Exists(string path)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        return LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_TYPE, buffer) == 0;
    }

    private static bool Access(string path, int mode)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return LibC.access(p, mode) == 0;
    }
}
