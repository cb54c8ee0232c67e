using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// runsv runs SERVICE/control/u, when it is an executable file, before every start of ./run: the
/// first one, each restart after an exit, and those sv asks for; never for log/ (whose control
/// cannot be customised). It gets no arguments and its exit status does not matter. Checked against
/// Debian's runsv (2.1.2): a service whose run exits is restarted with control/u run before each start.
/// Only a runit tree's services have it (the supervisor asks when its configuration's layout is runit);
/// looked for at each start, as runsv looks for the file each time.
/// </summary>
internal static class RunitStartHook
{
    public static IReadOnlyList<string>? Of(ProgramSpec spec)
    {
        // A runit logger reads its service's output (StdinFrom): runsv never runs hooks for log/.
        if (spec.ServiceDirectory is not { } dir || spec.StdinFrom is not null) return null;
        if (OperatingSystem.IsWindows()) return null; // no execute bits to read (and no runit)
        var path = Path.Combine(dir, "control", "u");
        try
        {
            if (!File.Exists(path)) return null;
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return (File.GetUnixFileMode(path) & anyExecute) != 0 ? [path] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
