using System.CommandLine;
using System.CommandLine.Parsing;
using Tend.Cli.Commands;

namespace Tend.Cli;

/// <summary>
/// The verbs. Everything after a bare `--` is a command line to run and is split off before parsing,
/// so `tend run CONFIG -- CMD ARGS` and `tend -- CMD ARGS` never confuse CMD with Tend's options.
/// An option may come before its verb (<see cref="OptionsBeforeVerb"/>); every parse error is exit 100.
/// The command line is parsed once, before the signal mask is decided: whether Tend supervises is
/// the chosen verb's own declaration (<see cref="Verb"/>), not a guess from the first word.
/// </summary>
internal static class CommandLine
{
    /// <summary>Every verb, and whether it supervises. `tend [-g] -- CMD` (no verb) supervises CMD.</summary>
    private static Verb[] Verbs(string[] tail) =>
    [
        new(RunCommand.Create(tail), Supervises: true),
        new(CheckCommand.Create(tail), Supervises: false),
        new(ControlCommands.Ctl(), Supervises: false),
        new(ControlCommands.Health(), Supervises: false),
        new(ExportCommand.Create(tail), Supervises: false),
        new(ConvertCommand.Create(tail), Supervises: false),
        new(ProbeCommand.Create(), Supervises: false),
        new(CompletionCommand.Create(() => Verbs(tail).Select(v => v.Command)), Supervises: false),
    ];

    public static ParsedCommandLine Parse(string[] args)
    {
        var split = Array.IndexOf(args, "--");
        var own = split < 0 ? args : args[..split];
        var tail = split < 0 ? [] : args[(split + 1)..];

        var root = new RootCommand("Tend: a container init and multi-process supervisor.\n" +
                                   "`tend -- CMD ARGS...` runs one program like tini; `tend run` supervises a config.");
        var verbs = Verbs(tail);
        foreach (var verb in verbs) root.Add(verb.Command);
        SingleChildCommand.Configure(root, tail);

        var parsed = root.Parse(OptionsBeforeVerb.Reorder(root, own));
        return new ParsedCommandLine(parsed, Supervises(parsed, root, verbs, tail));
    }

    /// <summary>The declaration of the verb the parser chose (a parse error still names the verb it was in).</summary>
    private static bool Supervises(ParseResult parsed, RootCommand root, Verb[] verbs, string[] tail)
    {
        var result = parsed.CommandResult;
        while (result.Parent is CommandResult parent && parent.Command != root) result = parent;
        if (result.Command == root) return tail.Length > 0;
        return verbs.FirstOrDefault(v => v.Command == result.Command)?.Supervises
            ?? throw new InvalidOperationException($"verb \"{result.Command.Name}\" does not say whether it supervises (CommandLine.Verbs)");
    }
}

/// <summary>A parsed command line: whether it supervises (Program blocks the signal mask first), then the run.</summary>
internal sealed class ParsedCommandLine(ParseResult parsed, bool supervises)
{
    public bool Supervises { get; } = supervises;

    public int Invoke()
    {
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine($"tend: {ParseErrorText.Of(e)}");
            Console.Error.WriteLine("tend: see 'tend --help'");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }
}
