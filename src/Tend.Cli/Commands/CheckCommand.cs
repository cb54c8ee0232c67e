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
        var command = new Command("check", "Validate a configuration and print the effective programs") { config, root };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(config);
            var rootDir = parsed.GetValue(root);
            if ((path is null) == (rootDir is null))
            {
                Console.Error.WriteLine("tend: give CONFIG or --root DIR");
                return ExitCodes.Usage;
            }
            var result = rootDir is not null
                ? ConfigLoader.LoadS6Overlay(rootDir, tail, Common.Environment())
                : ConfigLoader.Load(path!, Common.Environment());
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
            if (result.HasErrors || result.Config is null)
            {
                Console.Error.WriteLine($"tend: {result.Diagnostics.Count(d => d.Severity == Model.Severity.Error)} error(s) in the configuration");
                return ExitCodes.Usage;
            }
            Console.Out.Write(LayoutSummaryPrinter.Print(result.Config));
            Console.Out.Write(EffectiveConfigPrinter.Print(result.Config));
            return ExitCodes.Ok;
        });
        return command;
    }
}
