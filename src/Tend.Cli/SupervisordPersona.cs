using Tend.Config.Supervisord;

namespace Tend.Cli;

/// <summary>
/// Tend installed as `supervisord` (ln -s tend /usr/bin/supervisord): supervisord's command line,
/// translated to `tend run CONFIG`, so a Dockerfile's CMD ["supervisord", "-n", "-c", FILE] needs
/// no change. -c is found by supervisord's own search order when absent; -n is what Tend always
/// does (it never daemonizes); options Tend has no use for are reported, never silently dropped.
/// </summary>
internal static class SupervisordPersona
{
    public static bool Applies(string argv0) => Path.GetFileName(argv0) == "supervisord";

    /// <summary>The tend arguments, or an exit code (help, version, a usage error).</summary>
    /// <param name="argv0">The name Tend was started under.</param>
    /// <param name="args">supervisord's options.</param>
    /// <param name="quiet">The second reading, after the re-execution: its warnings were printed by the first.</param>
    public static (string[]? Args, int? Exit) Translate(string argv0, string[] args, bool quiet = false)
    {
        string? config = null;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = Split(args[i]);
            string? Value()
            {
                if (inline is not null) return inline;
                if (i + 1 < args.Length) return args[++i];
                Console.Error.WriteLine($"supervisord (tend): option {name} needs a value");
                return null;
            }
            switch (name)
            {
                case "-c" or "--configuration":
                    config = Value();
                    if (config is null) return (null, ExitCodes.Usage);
                    break;
                case "-n" or "--nodaemon":
                    break; // Tend always stays in the foreground
                case "-v" or "--version":
                    Console.Out.WriteLine(typeof(SupervisordPersona).Assembly.GetName().Version?.ToString(3) ?? "0");
                    return (null, 0);
                case "-h" or "--help":
                    Console.Out.WriteLine("supervisord (tend): supervisord [-n] [-c FILE] runs FILE's programs under Tend; see `tend --help`.");
                    return (null, 0);
                case "-e" or "--loglevel" or "-u" or "--user" or "-m" or "--umask" or "-d" or "--directory" or "-l" or "--logfile"
                    or "-y" or "--logfile_maxbytes" or "-z" or "--logfile_backups" or "-j" or "--pidfile" or "-i" or "--identifier"
                    or "-q" or "--childlogdir" or "-a" or "--minfds" or "--profile_options":
                    var value = Value();
                    if (value is null) return (null, ExitCodes.Usage);
                    if (!quiet) Console.Error.WriteLine($"supervisord (tend): warning: {name} {value} has no effect under tend");
                    break;
                case "-s" or "--silent" or "-k" or "--nocleanup" or "-t" or "--strip_ansi":
                    if (!quiet) Console.Error.WriteLine($"supervisord (tend): warning: {name} has no effect under tend");
                    break;
                default:
                    Console.Error.WriteLine($"supervisord (tend): unknown option {args[i]} (see supervisord -h)");
                    return (null, ExitCodes.Usage);
            }
        }
        if (config is null)
        {
            var exeDir = Path.GetDirectoryName(Path.GetFullPath(argv0)) ?? "/";
            config = SupervisordConfigSearch.Find(exeDir, Environment.CurrentDirectory, File.Exists);
            if (config is null)
            {
                Console.Error.WriteLine("supervisord (tend): no configuration file: give -c FILE, or put one where supervisord looks: " +
                                        string.Join(", ", SupervisordConfigSearch.Candidates(exeDir, Environment.CurrentDirectory)));
                return (null, ExitCodes.Usage);
            }
        }
        return (["run", config], null);
    }

    /// <summary>"--configuration=FILE" and "-cFILE" as well as "-c FILE".</summary>
    private static (string Name, string? Inline) Split(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = arg.IndexOf('=');
            return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
        }
        if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-') return (arg[..2], arg[2..]);
        return (arg, null);
    }
}
