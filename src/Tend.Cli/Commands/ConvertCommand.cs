using System.CommandLine;
using Tend.Export.Convert;

namespace Tend.Cli.Commands;

/// <summary>`tend convert CONFIG --to yaml`: a supervisord.conf, runit tree or s6-overlay root as an equivalent tend.yaml on stdout.</summary>
internal static class ConvertCommand
{
    public static Command Create(string[] tail)
    {
        var input = new ConfigInput();
        var to = OptionValues.Choice(new Option<string>("--to") { Required = true }, "The output format", "yaml");
        var command = new Command("convert", "Write a configuration as tend.yaml (what has no tend.yaml key becomes a comment and a warning)") { to };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var config = input.Load(parsed, tail);
            return config is null ? ExitCodes.Usage : ConfigInput.Emit(ConfigToYaml.Convert(config));
        });
        return command;
    }
}
