using Tend.Logging;
using Tend.Model;

namespace Tend.Supervision;

/// <summary>The configuration's view of a stream's destination, in the log mux's terms.</summary>
internal static class LogRoutes
{
    /// <summary><paramref name="programUid"/>: the user the program runs as, when Tend (root) switches to one.</summary>
    public static LogRoute Of(LogOutputSpec spec, uint? programUid = null) => new(
        spec.Console switch
        {
            ConsoleStream.Stdout => LogStream.Stdout,
            ConsoleStream.Stderr => LogStream.Stderr,
            _ => null,
        },
        spec.File is { } f ? new LogFileTarget(f.Path, f.MaxBytes, f.Backups, programUid) : null);
}
