using System.Collections;
using System.CommandLine;
using Tend.Logging;

namespace Tend.Cli.Commands;

internal static class Common
{
    public static Option<string> LogFormat() => OptionValues.Choice("--log-format",
        "How program output is written: text (prefixed lines) or json (one object per line)", "text", "text", "json");

    /// <summary>--root DIR: read the s6-overlay layout (etc/cont-init.d, etc/services.d, etc/s6-overlay, etc/cont-finish.d) under DIR.</summary>
    public static Option<string?> RootOption() => new("--root")
    {
        Description = "Read the s6-overlay v3 layout under DIR (as /init does with /); the command after -- is its CMD",
        HelpName = "DIR",
    };

    public static Option<string?> CrontabOption() => new("--crontab")
    {
        Description = "Also run the jobs of this crontab file (supercronic's format: 5, 6 or 7 fields, NAME=value lines); a user field only for /etc/crontab and /etc/cron.d/*",
        HelpName = "FILE",
    };

    public static Option<string?> SystemCrontabOption() => new("--system-crontab")
    {
        Description = "Like --crontab, for a system crontab: a user name follows each schedule (used when Tend runs as root)",
        HelpName = "FILE",
    };

    /// <summary>The crontab given on the command line, if any; returns a usage error when both options are given.</summary>
    public static string? CrontabOf(System.CommandLine.ParseResult parsed, Option<string?> crontab, Option<string?> system, out Config.CrontabSource? result)
    {
        result = null;
        var (plain, withUser) = (parsed.GetValue(crontab), parsed.GetValue(system));
        if (plain is not null && withUser is not null) return "tend: give either --crontab or --system-crontab, not both";
        if (plain is not null) result = new(plain, null);
        else if (withUser is not null) result = new(withUser, true);
        return null;
    }

    public static LogFormat ParseLogFormat(string value) => value == "json" ? Logging.LogFormat.Json : Logging.LogFormat.Text;

    public static Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }
}
