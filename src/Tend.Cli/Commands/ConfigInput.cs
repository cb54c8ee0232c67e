using System.CommandLine;
using Tend.Config;
using Tend.Model;

namespace Tend.Cli.Commands;

/// <summary>
/// The CONFIG argument and the --root, --crontab, --system-crontab and --crontab-dialect options shared by the verbs
/// that read a configuration without running it (export, convert), loaded as `tend check` loads
/// it (diagnostics to stderr, null on errors) but for another machine: nothing of this one goes
/// into the output. <c>${VAR}</c> references in commands and environment values are kept (the
/// output resolves them where it runs), the rest is read with an image's default environment
/// (<see cref="ImageEnvironment"/>) instead of this shell's, and paths under --root are written
/// as they are inside the image (<see cref="Export.ImagePaths"/>).
/// </summary>
internal sealed class ConfigInput
{
    public Argument<string?> Config { get; } = new("CONFIG")
    {
        Description = "A tend.yaml, supervisord.conf, runit tree or s6-overlay root",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Root { get; } = Common.RootOption();

    public Option<string?> Crontab { get; } = Common.CrontabOption();

    public Option<string?> SystemCrontab { get; } = Common.SystemCrontabOption();

    public Option<string?> CrontabDialect { get; } = Common.CrontabDialectOption();

    /// <summary>
    /// --env NAME=VALUE: the image's environment (its Dockerfile's ENV). A reference can stay one in
    /// a command or an environment value, but not in a typed setting (supervisord's
    /// autostart=%(ENV_X)s, loglevel=%(ENV_Y)s): those need the value the image gives them.
    /// </summary>
    public Option<string[]> Env { get; } = new("--env")
    {
        Description = "A variable of the image's environment (its Dockerfile's ENV), for settings that cannot stay a reference, e.g. autostart=%(ENV_X)s; repeatable",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>
    /// What a container's environment holds before the image adds to it: docker's and podman's
    /// default PATH, and nothing else (s6-overlay's root reads its PATH from it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ImageEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    public void AddTo(Command command)
    {
        command.Add(Config);
        command.Add(Root);
        command.Add(Crontab);
        command.Add(SystemCrontab);
        command.Add(CrontabDialect);
        command.Add(Env);
    }

    public TendConfig? Load(ParseResult parsed, string[] tail)
    {
        var path = parsed.GetValue(Config);
        var rootDir = parsed.GetValue(Root);
        if (Common.CrontabOf(parsed, Crontab, SystemCrontab, CrontabDialect, out var cron) is { } usage)
        {
            Console.Error.WriteLine(usage);
            return null;
        }
        if (path is not null && rootDir is not null || path is null && rootDir is null && cron is null)
        {
            Console.Error.WriteLine("tend: give CONFIG or --root DIR (and, or alone, --crontab FILE)");
            return null;
        }
        var image = new Dictionary<string, string>(ImageEnvironment, StringComparer.Ordinal);
        foreach (var pair in parsed.GetValue(Env) ?? [])
        {
            var at = pair.IndexOf('=');
            if (at <= 0)
            {
                Console.Error.WriteLine($"tend: --env {pair}: expected NAME=VALUE, e.g. --env LOG_LEVEL=info");
                return null;
            }
            image[pair[..at]] = pair[(at + 1)..];
        }
        // No account check: the output runs on another machine, with its own users.
        var sources = new ConfigSources { Path = path, S6Root = rootDir, Command = rootDir is null ? [] : tail, Crontab = cron };
        var result = ConfigPipeline.Load(sources, VariableReferences.Keeping(image), accounts: null);
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
        if (result.HasErrors || result.Config is null)
        {
            Console.Error.WriteLine($"tend: {result.Diagnostics.Count(d => d.Severity == Severity.Error)} error(s) in the configuration");
            return null;
        }
        return Export.ImagePaths.Relocate(result.Config, rootDir);
    }

    /// <summary>Prints the document on stdout and each warning on stderr.</summary>
    public static int Emit(Export.ExportResult result)
    {
        Console.Out.Write(result.Text);
        foreach (var w in result.Warnings) Console.Error.WriteLine($"tend: warning: {w}");
        return ExitCodes.Ok;
    }
}
