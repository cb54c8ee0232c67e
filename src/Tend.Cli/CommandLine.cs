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
    /// <summary>
    /// Every verb by name, how it is built and whether it supervises. `tend [-g] -- CMD` (no verb)
    /// supervises CMD. Built on demand: System.CommandLine's trees of every verb cost more than the
    /// rest of a one-program start together (0.6 ms on each run, and on each `tend ctl`/`tend health`
    /// a HEALTHCHECK makes), so a command line that starts with a verb's name gets that verb alone.
    /// </summary>
    internal static readonly (string Name, Func<string[], Command> Create, bool Supervises)[] VerbTable =
    [
        ("run", RunCommand.Create, true),
        ("check", CheckCommand.Create, false),
        ("ctl", _ => ControlCommands.Ctl(), false),
        ("health", _ => ControlCommands.Health(), false),
        ("export", ExportCommand.Create, false),
        ("convert", ConvertCommand.Create, false),
        ("probe", _ => ProbeCommand.Create(), false),
        ("completion", tail => CompletionCommand.Create(() => Verbs(tail).Select(v => v.Command)), false),
    ];

    /// <summary>Every verb, built.</summary>
    internal static Verb[] Verbs(string[] tail) => [.. VerbTable.Select(v => new Verb(v.Create(tail), v.Supervises))];

    public static ParsedCommandLine Parse(string[] args)
    {
        var split = Array.IndexOf(args, "--");
        var own = split < 0 ? args : args[..split];
        var tail = split < 0 ? [] : args[(split + 1)..];

        var root = new RootCommand("Tend: a container init and multi-process supervisor.\n" +
                                   "`tend -- CMD ARGS...` runs one program like tini; `tend run` supervises a config.");
        // The verb named first is the only one the parser can choose: the others need not exist.
        // Anything else (options before the verb, --help, a mistyped verb) gets them all.
        var named = own.Length > 0 ? Array.FindIndex(VerbTable, v => v.Name == own[0]) : -1;
        var verbs = named >= 0 ? [new Verb(VerbTable[named].Create(tail), VerbTable[named].Supervises)] : Verbs(tail);
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
