using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>
/// supervisord's minfds and minprocs: before starting anything, the soft limit on open files and on
/// processes is raised to at least that many (the hard limit too when it is lower, which only root
/// may do), and every program inherits it. When the limit cannot be raised supervisord refuses to
/// start; so does Tend, with the reason.
/// </summary>
public static unsafe class OwnLimits
{
    public const int OpenFiles = LibC.RLIMIT_NOFILE, Processes = LibC.RLIMIT_NPROC;

    /// <summary>Null when the soft limit of <paramref name="resource"/> is at least <paramref name="minimum"/> (raised if needed); else why not.</summary>
    public static string? RaiseTo(int resource, ulong minimum)
    {
        LibC.RLimit limit;
        if (LibC.getrlimit(resource, &limit) != 0) return $"getrlimit: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
        if (limit.Current >= minimum) return null;
        var wanted = new LibC.RLimit { Current = minimum, Maximum = limit.Maximum >= minimum ? limit.Maximum : minimum };
        if (LibC.setrlimit(resource, &wanted) == 0) return null;
        return $"the limit is {limit.Current} (hard limit {limit.Maximum}) and cannot be raised to {minimum}: {PosixException.Describe(Marshal.GetLastPInvokeError())}";
    }
}
