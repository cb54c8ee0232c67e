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

    public static Option<string?> CrontabDialectOption() => new("--crontab-dialect")
    {
        Description = "How the crontab file is read: supercronic (default: NAME=value lines hold for the whole file, % as is) or cron (NAME=value for the lines after it, % starts the standard input, @reboot runs once at start)",
        HelpName = "supercronic|cron",
    };

    /// <summary>The crontab given on the command line, if any; returns a usage error when both options are given or the dialect is unknown.</summary>
    public static string? CrontabOf(System.CommandLine.ParseResult parsed, Option<string?> crontab, Option<string?> system, Option<string?> dialectOption,
        out Config.CrontabSource? result)
    {
        result = null;
        var (plain, withUser, dialectText) = (parsed.GetValue(crontab), parsed.GetValue(system), parsed.GetValue(dialectOption));
        if (plain is not null && withUser is not null) return "tend: give either --crontab or --system-crontab, not both";
        if (!Config.Crontab.CrontabDialects.TryParse(dialectText ?? "supercronic", out var dialect))
            return $"tend: --crontab-dialect '{dialectText}': {Config.Crontab.CrontabDialects.Expected}";
        if (dialectText is not null && plain is null && withUser is null) return "tend: --crontab-dialect needs --crontab FILE or --system-crontab FILE";
        if (plain is not null) result = new(plain, null, dialect);
        else if (withUser is not null) result = new(withUser, true, dialect);
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
