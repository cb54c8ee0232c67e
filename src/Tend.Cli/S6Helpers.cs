using Tend.Posix.Spawn;

namespace Tend.Cli;

/// <summary>
/// The s6 and s6-overlay helpers real images' scripts call, answered by Tend under their names
/// (a link named with-contenv, s6-setuidgid... to the tend binary), so an image that replaced
/// s6-overlay by Tend keeps scripts that another script starts with #!/command/with-contenv or
/// that drop privileges with s6-setuidgid. Each does its one thing and execs the rest of its
/// command line, as the original does:
/// <list type="bullet">
/// <item>with-contenv PROG...: PROG with the container environment of /run/s6/container_environment
/// (PATH kept; with S6_KEEP_ENV=1, or when that directory does not exist, the environment as it is);</item>
/// <item>s6-setuidgid USER PROG...: PROG as USER (a name, or uid:gid), with its groups;</item>
/// <item>s6-envdir [-I] [-f] [-n] DIR PROG...: PROG with one variable per file of DIR;</item>
/// <item>printcontenv VAR: prints VAR from the container environment;</item>
/// <item>s6-svc -u|-d|-r|-t|-k|... SERVICEDIR: the same request to the running Tend (tend ctl) for
/// the program named after the directory;</item>
/// <item>s6-notifyoncheck [-d] [-c CHECK] ... PROG...: PROG, made ready once the check passes (see S6NotifyOnCheck);</item>
/// <item>s6-svwait [-u|-U|-d|-D|-r|-R] [-a|-o] [-t MS] SERVICEDIR...: waits on Tend's state of those services (see S6Svwait);</item>
/// <item>fix-attrs: applies the fix-attrs.d lines of its standard input (see FixAttrs);</item>
/// <item>logutil-service [-f FIFO] DIR and logutil-newfifo [-m MODE] [-o OWNER] FIFO: s6-overlay's logging helpers (see Logutil).</item>
/// </list>
/// </summary>
internal static class S6Helpers
{
    public const string ContainerEnvironment = "/run/s6/container_environment";
    private const int Usage = 100, Failure = 111;

    private static readonly string[] Names = ["with-contenv", "s6-setuidgid", "s6-envdir", "printcontenv", "s6-svc", "s6-notifyoncheck", "s6-svwait", "fix-attrs", "logutil-service", "logutil-newfifo"];

    public static bool Applies(string argv0) => Names.Contains(Path.GetFileName(argv0));

    /// <summary>Runs the helper: returns only on failure (the exit code), or the tend arguments s6-svc stands for.</summary>
    public static (int? Exit, string[]? TendArgs) Run(string argv0, string[] args)
    {
        var name = Path.GetFileName(argv0);
        switch (name)
        {
            case "with-contenv":
                if (args.Length == 0) return (Fail(name, "usage: with-contenv PROG...", Usage), null);
                var keep = Environment.GetEnvironmentVariable("S6_KEEP_ENV") == "1" || !Directory.Exists(ContainerEnvironment);
                var env = keep ? Current() : new Dictionary<string, string>(StringComparer.Ordinal);
                if (!keep)
                {
                    if (Environment.GetEnvironmentVariable("PATH") is { } path) env["PATH"] = path;
                    EnvDir.Load(ContainerEnvironment, env, wholeFile: true, keepNewlines: true);
                }
                return (Exec(name, args, env), null);
            case "s6-setuidgid":
                if (args.Length < 2) return (Fail(name, "usage: s6-setuidgid USER PROG...", Usage), null);
                var (user, group) = args[0].IndexOf(':') is var colon and >= 0 ? (args[0][..colon], args[0][(colon + 1)..]) : (args[0], null);
                var credentials = UserLookup.Resolve(user, group, out var error);
                if (credentials is null) return (Fail(name, error ?? $"unknown user {args[0]}", Failure), null);
                return (Exec(name, args[1..], Current(), credentials), null);
            case "s6-envdir":
                return (EnvDirCommand(args), null);
            case "printcontenv":
                if (args.Length != 1) return (Fail(name, "usage: printcontenv VAR", Usage), null);
                var file = Path.Combine(ContainerEnvironment, args[0]);
                if (!File.Exists(file)) return (1, null);
                Console.Out.Write(File.ReadAllText(file));
                return (0, null);
            case "s6-svwait":
                return (S6Svwait.Run(args), null);
            case "s6-notifyoncheck":
                return (S6NotifyOnCheck.Run(args), null);
            case "fix-attrs":
                return (FixAttrs.RunHelper(), null);
            case "logutil-service":
                return (Logutil.Service(args), null);
            case "logutil-newfifo":
                return (Logutil.NewFifo(args), null);
            default:
                return S6Svc.Translate(args) is { } tendArgs ? (null, tendArgs) : (Usage, null);
        }
    }

    private static int EnvDirCommand(string[] args)
    {
        bool ignoreMissing = false, wholeFile = false, keepNewlines = false;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i].Length > 1; i++)
        {
            if (args[i] == "--") { i++; break; }
            foreach (var flag in args[i][1..])
            {
                switch (flag)
                {
                    case 'I': ignoreMissing = true; break;
                    case 'i': ignoreMissing = false; break;
                    case 'f': wholeFile = true; break;
                    case 'n': keepNewlines = true; break;
                    case 'L': break; // no size limit: Tend has none
                    default: return Fail("s6-envdir", $"unknown option -{flag}", Usage);
                }
            }
        }
        if (args.Length - i < 2) return Fail("s6-envdir", "usage: s6-envdir [-I] [-f] [-n] DIR PROG...", Usage);
        var env = Current();
        if (!Directory.Exists(args[i]))
        {
            if (!ignoreMissing) return Fail("s6-envdir", $"unable to envdir {args[i]}: No such file or directory", Failure);
        }
        else EnvDir.Load(args[i], env, wholeFile, keepNewlines);
        return Exec("s6-envdir", args[(i + 1)..], env);
    }

    private static Dictionary<string, string> Current()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }

    private static int Exec(string name, string[] argv, Dictionary<string, string> env, Credentials? credentials = null)
    {
        if (argv.Length == 0) return Fail(name, "no program to run", Usage);
        var (errno, step) = ExecInPlace.Exec(argv, env.Select(kv => $"{kv.Key}={kv.Value}").ToList(), credentials);
        return Fail(name, $"unable to {step}: {Tend.Posix.PosixException.Describe(errno)}", errno == 2 ? 127 : errno == 13 ? 126 : Failure);
    }

    private static int Fail(string name, string message, int code)
    {
        Console.Error.WriteLine($"{name} (tend): fatal: {message}");
        return code;
    }
}
