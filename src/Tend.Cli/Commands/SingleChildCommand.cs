using System.CommandLine;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>`tend [-g] -- CMD ARGS...`: run one program as a tini-like init.</summary>
internal static class SingleChildCommand
{
    public static void Configure(RootCommand root, string[] tail)
    {
        var group = OptionValues.Flag("--pgroup", "With -- CMD: forward signals to the program's whole process group, not only to it", "-g");
        root.Add(group);
        root.SetAction(parsed =>
        {
            if (tail.Length == 0)
            {
                Console.Error.WriteLine("tend: nothing to do: give a verb (run, check) or -- CMD ARGS...; see 'tend --help'");
                return ExitCodes.Usage;
            }
            return SingleChild.Run(tail, parsed.GetValue(group), Common.Environment());
        });
    }
}
