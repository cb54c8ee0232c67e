using System.CommandLine;
using Tend.Config;
using Tend.Model;

namespace Tend.Cli.Commands;

/// <summary>
/// The CONFIG argument and --root option shared by the verbs that read a configuration without
/// running it (export, convert), loaded as `tend check` loads it: diagnostics to stderr, null on errors.
/// </summary>
internal sealed class ConfigInput
{
    public Argument<string?> Config { get; } = new("CONFIG")
    {
        Description = "A tend.yaml, supervisord.conf, runit tree or s6-overlay root",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Root { get; } = Common.RootOption();

    public void AddTo(Command command)
    {
        command.Add(Config);
        command.Add(Root);
    }

    public TendConfig? Load(ParseResult parsed, string[] tail)
    {
        var path = parsed.GetValue(Config);
        var rootDir = parsed.GetValue(Root);
        if ((path is null) == (rootDir is null))
        {
            Console.Error.WriteLine("tend: give CONFIG or --root DIR");
            return null;
        }
        // No account check: the output runs on another machine, with its own users.
        var sources = new ConfigSources { Path = path, S6Root = rootDir, Command = rootDir is null ? [] : tail };
        var result = ConfigPipeline.Load(sources, Common.Environment(), accounts: null);
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
        if (result.HasErrors || result.Config is null)
        {
            Console.Error.WriteLine($"tend: {result.Diagnostics.Count(d => d.Severity == Severity.Error)} error(s) in the configuration");
            return null;
        }
        return result.Config;
    }

    /// <summary>Prints the document on stdout and each warning on stderr.</summary>
    public static int Emit(Export.ExportResult result)
    {
        Console.Out.Write(result.Text);
        foreach (var w in result.Warnings) Console.Error.WriteLine($"tend: warning: {w}");
        return ExitCodes.Ok;
    }
}
