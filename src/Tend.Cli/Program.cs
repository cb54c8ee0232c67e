using Tend.Cli;
using Tend.Posix.Signals;
using Tend.Posix.Spawn;

// First the lookups a static glibc may make (StaticLookups), before any name is looked up.
StaticLookups.Confine();
// Before anything else: the exec helper (a child about to become a program as another user), then
// the signal mask, which must be in place before the runtime's threads matter (see SignalMask).
if (args.Length > 0 && args[0] == ExecHelper.Verb)
{
    ExecHelper.Run(args[1..]);
    return 101;
}
var argv0 = Environment.GetCommandLineArgs()[0];
if (SupervisordPersona.Applies(argv0))
{
    // Invoked as supervisord: from here on it is the equivalent tend command line.
    var (translated, exit) = SupervisordPersona.Translate(argv0, args);
    if (translated is null) return exit ?? ExitCodes.Usage;
    args = translated;
    argv0 = "tend";
}
else if (Personality.Rewrite(argv0, args) is var rewritten && rewritten != args)
{
    // Named init or runsvdir: their command lines, as tend command lines from here on.
    args = rewritten;
    argv0 = "tend";
}
// Parsed once, before the mask: only a verb that supervises needs it (see Verb).
var commandLine = CommandLine.Parse(args);
if (commandLine.Supervises && !SignalMask.IsInheritedBlocked())
{
    var failure = SignalMask.BlockAndReexec(Environment.ProcessPath ?? "/proc/self/exe", argv0, args);
    Console.Error.WriteLine($"tend: warning: cannot re-execute with signals blocked ({Tend.Model.ErrorText.Of(failure)}); carrying on");
}
Spawner.HelperPath = Environment.ProcessPath;
using var armed = Startup.ArmRuntimeChildHandlingIfAsked();
return commandLine.Invoke();
