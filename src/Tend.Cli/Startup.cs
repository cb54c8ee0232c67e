namespace Tend.Cli;

internal static class Startup
{
    /// <summary>Verbs that supervise need the blocked signal mask; the others (check, help, version) do not.</summary>
    public static bool NeedsSupervisorMask(string[] args)
    {
        if (args.Length == 0) return false;
        return args[0] is "run" or "--" || (args[0].StartsWith('-') && args.Contains("--"));
    }
}
