using System.Runtime.InteropServices;
using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Spawn;

/// <summary>
/// Becomes another program in this same process, as chain-loading tools do (s6-setuidgid,
/// with-contenv, s6-envdir: each sets one thing and execs the rest of its command line). Nothing
/// is forked; the credentials, when given, are dropped in the only safe order (supplementary
/// groups, gid, uid) before the exec.
/// </summary>
public static unsafe class ExecInPlace
{
    /// <summary>Returns only on failure: the errno, and what failed.</summary>
    public static (int Errno, string Step) Exec(IReadOnlyList<string> argv, IReadOnlyList<string> environment, Credentials? credentials = null)
    {
        if (credentials is { } c)
        {
            var groups = c.Groups.ToArray();
            fixed (uint* g = groups)
                if (LibC.setgroups((nuint)groups.Length, g) != 0) return (Marshal.GetLastPInvokeError(), "setgroups");
            if (LibC.setresgid(c.Gid, c.Gid, c.Gid) != 0) return (Marshal.GetLastPInvokeError(), $"setgid {c.Gid}");
            if (LibC.setresuid(c.Uid, c.Uid, c.Uid) != 0) return (Marshal.GetLastPInvokeError(), $"setuid {c.Uid}");
        }
        var path = ExecutableLookup.Resolve(argv[0], environment, out var errno);
        if (path is null) return (errno, $"exec {argv[0]}");
        using var nArgv = new NativeStringArray(argv);
        using var nEnv = new NativeStringArray(environment);
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            LibC.execve(p, nArgv.Pointer, nEnv.Pointer);
        return (Marshal.GetLastPInvokeError(), $"exec {argv[0]}");
    }
}
