using Tend.Supervision;

namespace Tend.Cli;

/// <summary>
/// S6_STAGE2_HOOK, as s6-overlay's stage 2 (rc.init) runs it: before the s6-rc sources are read,
/// so a hook may add services to the tree (linuxserver.io's /docker-mods installs Docker mods this
/// way). The value is split on blanks as the shell splits an unquoted $hook, and run to its end,
/// Tend's signals passed on to it. A hook that fails is a warning, unless
/// S6_BEHAVIOUR_IF_STAGE2_FAILS is 2: then the container stops with the hook's code.
/// </summary>
internal static class Stage2Hook
{
    public const string Variable = "S6_STAGE2_HOOK";

    /// <summary>Null to go on; otherwise the code to exit with.</summary>
    public static int? Run(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue(Variable, out var hook) || hook.Trim().Length == 0) return null;
        var argv = hook.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var code = SingleChild.Run(argv, signalGroup: false, environment);
        if (code == 0) return null;
        var stop = environment.TryGetValue("S6_BEHAVIOUR_IF_STAGE2_FAILS", out var b) && int.TryParse(b.Trim(), out var level) && level >= 2;
        Console.Error.WriteLine(stop
            ? $"tend: fatal: {Variable} {hook} exited {code}; stopping, as S6_BEHAVIOUR_IF_STAGE2_FAILS=2 asks"
            : $"tend: warning: {Variable} {hook} exited {code}");
        return stop ? code : null;
    }
}
