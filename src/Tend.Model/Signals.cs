namespace Tend.Model;

/// <summary>Linux signal numbers (x86_64 and arm64 agree on all of these) and their names.</summary>
public static class Signals
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
        SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
        SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21,
        SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28,
        SIGIO = 29, SIGPWR = 30, SIGSYS = 31;

    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
        "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
        "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>"TERM" for 15; "SIG34" style for numbers without a name.</summary>
    public static string Name(int signal) =>
        signal > 0 && signal < Names.Length ? Names[signal] : $"SIG{signal}";

    /// <summary>Parses "TERM", "SIGTERM", "term" or "15".</summary>
    public static bool TryParse(string text, out int signal)
    {
        signal = 0;
        var s = text.Trim().ToUpperInvariant();
        if (int.TryParse(s, out var n))
        {
            if (n is > 0 and < 65) { signal = n; return true; }
            return false;
        }
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        var i = Array.IndexOf(Names, s);
        if (i > 0) { signal = i; return true; }
        return false;
    }

    /// <summary>Every signal name, for hints.</summary>
    public static IEnumerable<string> AllNames => Names.Skip(1);
}
