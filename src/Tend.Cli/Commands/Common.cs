using System.Collections;
using System.CommandLine;
using Tend.Logging;

namespace Tend.Cli.Commands;

internal static class Common
{
    public static Option<string> LogFormat()
    {
        var option = new Option<string>("--log-format")
        {
            Description = "How program output is written: text (prefixed lines) or json (one object per line)",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>--root DIR: read the s6-overlay layout (etc/cont-init.d, etc/services.d, etc/s6-overlay, etc/cont-finish.d) under DIR.</summary>
    public static Option<string?> RootOption() => new("--root")
    {
        Description = "Read the s6-overlay v3 layout under DIR (as /init does with /); the command after -- is its CMD",
        HelpName = "DIR",
    };

    public static LogFormat ParseLogFormat(string value) => value == "json" ? Logging.LogFormat.Json : Logging.LogFormat.Text;

    public static Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }
}
