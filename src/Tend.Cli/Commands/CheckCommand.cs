using System.CommandLine;
using Tend.Config;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend check CONFIG` or `tend check --root DIR [-- CMD...]`: validate, print every located problem,
/// what kind of layout was read (and, for service trees, what the YAML cannot show), then the
/// effective programs.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(string[] tail)
    {
        var config = new Argument<string?>("CONFIG")
        {
            Description = "The configuration file, runit tree or s6-overlay root to check",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var root = Common.RootOption();
        var (crontab, systemCrontab, crontabDialect) = (Common.CrontabOption(), Common.SystemCrontabOption(), Common.CrontabDialectOption());
        var command = new Command("check", "Validate a configuration and print the effective programs and jobs (with their next runs)")
        {
            config, root, crontab, systemCrontab, crontabDialect,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(config);
            var rootDir = parsed.GetValue(root);
            if (Common.CrontabOf(parsed, crontab, systemCrontab, crontabDialect, out var cron) is { } usage)
            {
                Console.Error.WriteLine(usage);
                return ExitCodes.Usage;
            }
            if (path is not null && rootDir is not null || path is null && rootDir is null && cron is null)
            {
                Console.Error.WriteLine("tend: give CONFIG or --root DIR (and, or alone, --crontab FILE)");
                return ExitCodes.Usage;
            }
            // The command after -- is only s6-overlay's CMD here: `tend check` shows the configuration's programs.
            var sources = new ConfigSources { Path = path, S6Root = rootDir, Command = rootDir is null ? [] : tail, Crontab = cron };
            var result = ConfigPipeline.Load(sources, Common.Environment(), SystemAccounts.Instance);
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
            if (result.HasErrors || result.Config is null)
            {
                Console.Error.WriteLine($"tend: {result.Diagnostics.Count(d => d.Severity == Model.Severity.Error)} error(s) in the configuration");
                return ExitCodes.Usage;
            }
            foreach (var warning in LogFileWarnings.Of(result.Config)) Console.Error.WriteLine(warning);
            Console.Out.Write(LayoutSummaryPrinter.Print(result.Config));
            Console.Out.Write(EffectiveConfigPrinter.Print(result.Config));
            return ExitCodes.Ok;
        });
        return command;
    }
}
