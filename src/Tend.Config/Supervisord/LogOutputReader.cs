using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Maps stdout_logfile / stderr_logfile (with their maxbytes and backups) to a
/// <see cref="LogOutputSpec"/>:
/// <list type="bullet">
/// <item>/dev/stdout, /dev/stderr (and /proc/self/fd/1, /proc/self/fd/2): forwarded to Tend's console
/// stream of that name. Tend writes lines there itself, never seeks, so supervisord's
/// "Illegal seek" and its need for *_maxbytes=0 do not apply; maxbytes is simply unused.</item>
/// <item>AUTO (the default): Tend's console too. supervisord would write a temporary file under
/// childlogdir, deleted on restart; in a container the logs belong on docker logs. A documented
/// choice, not a warning.</item>
/// <item>NONE: discarded.</item>
/// <item>any other path: written to that file with rotation, and not to the console.</item>
/// </list>
/// </summary>
internal static class LogOutputReader
{
    public const long DefaultMaxBytes = 50 * 1024 * 1024;
    public const int DefaultBackups = 10;

    /// <summary>The console stream a path names, or null for a real file.</summary>
    public static ConsoleStream? ConsoleFor(string path) => path.Trim() switch
    {
        "/dev/stdout" or "/proc/self/fd/1" or "/dev/fd/1" => ConsoleStream.Stdout,
        "/dev/stderr" or "/proc/self/fd/2" or "/dev/fd/2" => ConsoleStream.Stderr,
        _ => null,
    };

    public static LogOutputSpec Read(SectionValues v, string stream, IReadOnlyDictionary<string, object> names)
    {
        var natural = stream == "stdout" ? ConsoleStream.Stdout : ConsoleStream.Stderr;
        var key = $"{stream}_logfile";
        var path = v.String(key, names) ?? "AUTO";
        var maxBytes = v.ByteSize($"{key}_maxbytes", names) ?? DefaultMaxBytes;
        var backups = v.Int($"{key}_backups", min: 0, names) ?? DefaultBackups;
        if (v.Bool($"{stream}_syslog") == true)
            v.NotHonoured($"{stream}_syslog", "Tend does not write to syslog; the output goes to the console or the log file");

        switch (path.Trim().ToLowerInvariant())
        {
            case "none":
                return LogOutputSpec.Discarded;
            case "auto":
                return new LogOutputSpec { Console = natural };
            case "syslog":
                v.Warning(v.Section.Get(key)!.Location, $"{key}=syslog in [{v.Section.Name}] is not supported; the output goes to Tend's {stream}",
                    "supervisord deprecated this value too; remove it or name a file");
                return new LogOutputSpec { Console = natural };
        }
        if (ConsoleFor(path) is { } console) return new LogOutputSpec { Console = console };
        return new LogOutputSpec
        {
            File = new LogFileSpec(path.Trim()) { MaxBytes = maxBytes, Backups = backups, DefinedAt = v.Section.Get(key)?.Location },
        };
    }
}
