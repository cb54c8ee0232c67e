using System.Text;
using Tend.Posix.Interop;

namespace Tend.Posix.Signals;

/// <summary>
/// Makes sure the signals Tend handles are blocked in every thread of the process.
///
/// Why: as PID 1 the .NET runtime's signal thread calls waitpid(-1) on SIGCHLD before any managed
/// handler runs (dotnet/runtime#65061, pal_signal.c reapAll), which steals exit statuses, and it
/// turns SIGINT/SIGQUIT/SIGTERM into process exits. A signal that is blocked in every thread never
/// reaches those handlers and stays pending for our signalfd. The runtime has already started
/// threads by the time Main runs, so blocking in Main is too late for them; instead we block in
/// Main and execve ourselves: the mask survives exec, and every thread of the new image inherits it
/// from the first instruction on. The cost is one extra exec (~2 ms) at start.
/// </summary>
public static unsafe class SignalMask
{
    /// <summary>Signals Tend reads from its signalfd: shutdown, reload, forwarding, job control, SIGCHLD.</summary>
    public static readonly int[] Handled =
    [
        Model.Signals.SIGHUP, Model.Signals.SIGINT, Model.Signals.SIGQUIT, Model.Signals.SIGUSR1,
        Model.Signals.SIGUSR2, Model.Signals.SIGALRM, Model.Signals.SIGTERM, Model.Signals.SIGCHLD,
        Model.Signals.SIGCONT, Model.Signals.SIGTSTP, Model.Signals.SIGTTIN, Model.Signals.SIGTTOU,
        Model.Signals.SIGURG, Model.Signals.SIGWINCH, Model.Signals.SIGPWR,
    ];

    public static SignalSet HandledSet => SignalSet.Of(Handled);

    /// <summary>True when this thread (and so, if called first thing in Main, every thread) blocks them.</summary>
    public static bool IsInheritedBlocked() => HandledSet.IsSubsetOf(SignalSet.CurrentMask());

    /// <summary>
    /// Blocks the handled signals and re-executes the current binary with the same arguments and
    /// environment. Returns only if exec failed (then the caller should carry on unprotected).
    /// </summary>
    public static PosixException BlockAndReexec(string executable, string argv0, string[] args)
    {
        HandledSet.Block();
        var argv = new List<string>(args.Length + 1) { argv0 };
        argv.AddRange(args);
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env.Add($"{e.Key}={e.Value}");
        using var nArgv = new NativeStringArray(argv);
        using var nEnv = new NativeStringArray(env);
        var path = Encoding.UTF8.GetBytes(executable + "\0");
        fixed (byte* p = path)
            LibC.execve(p, nArgv.Pointer, nEnv.Pointer);
        return PosixException.FromLastError("execve");
    }
}
