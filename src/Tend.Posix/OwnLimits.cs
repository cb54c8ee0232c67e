using System.Runtime.InteropServices;
using Tend.Posix.Interop;

namespace Tend.Posix;

/// <summary>Tend's own rlimits, which every child inherits: supervisord's minfds/minprocs raise them at start.</summary>
public static unsafe class OwnLimits
{
    /// <summary>
    /// Raises the soft limit of RLIMIT <paramref name="resource"/> to at least <paramref name="minimum"/>
    /// (and the hard one where it is lower, which needs CAP_SYS_RESOURCE), as supervisord does; null
    /// when done or already enough, else what the limits are and why they stay.
    /// </summary>
    public static string? RaiseSoft(int resource, ulong minimum)
    {
        var limit = default(LibC.RLimit);
        if (LibC.getrlimit(resource, &limit) != 0) return PosixException.Describe(Marshal.GetLastPInvokeError());
        if (limit.Current >= minimum) return null;
        var wanted = new LibC.RLimit { Current = minimum, Maximum = Math.Max(limit.Maximum, minimum) };
        if (LibC.setrlimit(resource, &wanted) == 0) return null;
        return $"the container allows {limit.Maximum} at most ({PosixException.Describe(Marshal.GetLastPInvokeError())})";
    }
}
