using Tend.Cli;
using Tend.Posix.Signals;
using Tend.Posix.Spawn;

// Before anything else: the exec helper (a child about to become a program as another user), then
// the signal mask, which must be in place before the runtime's threads matter (see SignalMask).
if (args.Length > 0 && args[0] == ExecHelper.Verb)
{
    ExecHelper.Run(args[1..]);
    return 101;
}
// Named init or runsvdir, Tend takes their command lines (the re-exec below keeps the name and the original arguments).
var effective = Personality.Rewrite(Environment.GetCommandLineArgs()[0], args);
if (Startup.NeedsSupervisorMask(effective) && !SignalMask.IsInheritedBlocked())
{
    var failure = SignalMask.BlockAndReexec(Environment.ProcessPath ?? "/proc/self/exe", Environment.GetCommandLineArgs()[0], args);
    Console.Error.WriteLine($"tend: warning: cannot re-execute with signals blocked ({failure.Message}); carrying on");
}
Spawner.HelperPath = Environment.ProcessPath;
using var armed = Startup.ArmRuntimeChildHandlingIfAsked();
return CommandLine.Invoke(effective);
