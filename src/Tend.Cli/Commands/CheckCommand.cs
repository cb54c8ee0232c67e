using System.CommandLine;
using Tend.Config;

namespace Tend.Cli.Commands;

/// <summary>`tend check CONFIG`: validate, print every located problem and the effective programs.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("CONFIG") { Description = "The configuration file to check" };
        var command = new Command("check", "Validate a configuration and print the effective programs") { config };
        command.SetAction(parsed =>
        {
            var result = ConfigLoader.Load(parsed.GetValue(config)!, Common.Environment());
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
            if (result.HasErrors || result.Config is null)
            {
                Console.Error.WriteLine($"tend: {result.Diagnostics.Count(d => d.Severity == Model.Severity.Error)} error(s) in the configuration");
                return ExitCodes.Usage;
            }
            Console.Out.Write(EffectiveConfigPrinter.Print(result.Config));
            return ExitCodes.Ok;
        });
        return command;
    }
}
