namespace Tend.Cli;

/// <summary>
/// Tend answering to the names of what it replaces, so an image keeps its entrypoint: installed as
/// <c>/init</c> it is s6-overlay's init (<c>tend run --root / -- CMD...</c>); installed as
/// <c>runsvdir</c> it supervises a runit tree (<c>runsvdir [-P] DIR [LOG]</c> → <c>tend run DIR</c>;
/// -P is what Tend does anyway, every program has its own session; LOG, runsvdir's status
/// title, is ignored).
/// </summary>
internal static class Personality
{
    /// <summary>The name Tend answers to in this process ("supervisord", "init", "runsvdir"), or null as plain tend.</summary>
    public static string? Current { get; set; }

    /// <summary>runsvdir stops its services and exits 111 on SIGHUP (discourse's /sbin/boot shuts down that way).</summary>
    public const int RunsvdirHangupExitCode = 111;

    public static bool IsRunsvdir => Current == "runsvdir";

    public static string[] Rewrite(string argv0, string[] args)
    {
        switch (Path.GetFileName(argv0))
        {
            case "init":
                return ["run", "--root", "/", "--", .. args];
            case "runsvdir":
                var rest = args.SkipWhile(a => a == "-P").ToArray();
                return rest.Length == 0 ? ["run", "/etc/service"] : ["run", rest[0]];
            default:
                return args;
        }
    }
}
