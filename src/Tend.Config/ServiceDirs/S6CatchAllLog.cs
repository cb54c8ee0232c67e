using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// S6_LOGGING=1 and 2: s6-overlay's catch-all logger. Whatever a program writes that no logger of
/// its own reads (its stdout when it has no log/run, its stderr always, and its logger's own output)
/// goes to DIR/current instead of the container's output, with DIR = ROOT/run/uncaught-logs (where
/// s6-overlay v3's s6-linux-init keeps it; v2 used /var/log/s6-uncaught-logs). With 1 the CMD still
/// writes to the container's output; with 2 it goes there too. cont-init and cont-finish scripts
/// count as services, as under s6-overlay, where s6-rc runs them.
///
/// Tend writes the file itself (Tend.Logging's rotating file), not s6-log: lines are written as the
/// programs wrote them, without s6-log's timestamps; the file rotates at S6_LOGGING_SCRIPT's sNNN
/// bytes into current.1 … current.N (N from nNN), not into @TAI64N.s archives.
/// </summary>
internal static class S6CatchAllLog
{
    public const string Directory = "run/uncaught-logs";

    public static ProgramSpec Route(ProgramSpec p, S6Settings settings)
    {
        if (Output(settings, p.Main) is not { } output) return p;
        return p with { Stdout = output, Stderr = output, RedirectStderr = false };
    }

    public static ShutdownCommand Route(ShutdownCommand c, S6Settings settings) =>
        Output(settings, isCmd: false) is { } output ? c with { Output = output } : c;

    private static LogOutputSpec? Output(S6Settings settings, bool isCmd)
    {
        if (settings.Logging == S6Logging.Console || settings.CatchAllDirectory is null) return null;
        if (isCmd && settings.Logging == S6Logging.CatchAll) return null;
        return new LogOutputSpec
        {
            File = new LogFileSpec(Path.Combine(settings.CatchAllDirectory, "current"))
            {
                MaxBytes = settings.CatchAllMaxBytes,
                Backups = settings.CatchAllBackups,
            },
        };
    }
}
