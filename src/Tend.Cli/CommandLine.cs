using System.CommandLine;
using Tend.Cli.Commands;

namespace Tend.Cli;

/// <summary>
/// The verbs. Everything after a bare `--` is a command line to run and is split off before parsing,
/// so `tend run CONFIG -- CMD ARGS` and `tend -- CMD ARGS` never confuse CMD with Tend's options.
/// An option may come before its verb (<see cref="OptionsBeforeVerb"/>); every parse error is exit 100.
/// </summary>
internal static class CommandLine
{
    public static int Invoke(string[] args)
    {
        var split = Array.IndexOf(args, "--");
        var own = split < 0 ? args : args[..split];
        var tail = split < 0 ? [] : args[(split + 1)..];

        var root = new RootCommand("Tend: a container init and multi-process supervisor.\n" +
                                   "`tend -- CMD ARGS...` runs one program like tini; `tend run` supervises a config.");
        root.Add(RunCommand.Create(tail));
        root.Add(CheckCommand.Create(tail));
        root.Add(ControlCommands.Ctl());
        root.Add(ControlCommands.Health());
        root.Add(ExportCommand.Create(tail));
        root.Add(ConvertCommand.Create(tail));
        root.Add(ProbeCommand.Create());
        SingleChildCommand.Configure(root, tail);

        var parsed = root.Parse(OptionsBeforeVerb.Reorder(root, own));
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine($"tend: {ParseErrorText.Of(e)}");
            Console.Error.WriteLine("tend: see 'tend --help'");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }
}
