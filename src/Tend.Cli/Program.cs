using Tend.Cli;
using Tend.Model;
using Tend.Posix;
using Tend.Posix.Signals;
using Tend.Posix.Spawn;

if (StartupTrace.IsEnabled) StartupTrace.SetOrigin(StartMask.ConstructorClockNs());
StartupTrace.Mark("main");
// First the lookups a static glibc may make (StaticLookups), before any name is looked up.
StaticLookups.Confine();
// Tend's signals are blocked already, in every thread, by a constructor that ran before the runtime
// (Native/start_mask.c). Whatever does not supervise puts back the mask it was started with
// (StartMask): first the exec helper (a child about to become a program as another user).
if (args.Length > 0 && args[0] == ExecHelper.Verb)
{
    StartMask.RestoreInherited();
    ExecHelper.Run(args[1..]);
    return 101;
}
if (args.Length > 0 && args[0] == NotifyOnCheckPoller.Verb)
{
    StartMask.RestoreInherited();
    return NotifyOnCheckPoller.Run(args[1..]);
}
if (args.Length > 0 && args[0] == Logutil.WriterVerb)
{
    StartMask.RestoreInherited();
    return Logutil.Writer(args[1..]);
}
var argv0 = Environment.GetCommandLineArgs()[0];
if (S6Helpers.Applies(argv0))
{
    StartMask.RestoreInherited();
    // with-contenv, s6-setuidgid...: they exec the rest of their command line; s6-svc is a ctl request.
    var (helperExit, tendArgs) = S6Helpers.Run(argv0, args);
    if (tendArgs is null) return helperExit ?? 0;
    args = tendArgs;
    argv0 = "tend";
}
// The command line as typed: the fallback re-execution below repeats it, so the persona survives
// into the process that supervises (its argv[0] is what ps shows and pgrep -f matches).
var typedArgv0 = argv0;
var typedArgs = args;
var secondPass = StartMask.StartedBlocked;
string? persona = null;
if (SupervisordPersona.Applies(argv0))
{
    // Invoked as supervisord: from here on it is the equivalent tend command line.
    var (translated, exit) = SupervisordPersona.Translate(argv0, args, quiet: secondPass);
    if (translated is null) return exit ?? ExitCodes.Usage;
    args = translated;
    persona = Path.GetFileName(argv0);
    argv0 = "tend";
}
else if (Personality.Rewrite(argv0, args) is var rewritten && rewritten != args)
{
    // Named init or runsvdir: their command lines, as tend command lines from here on.
    args = rewritten;
    persona = Path.GetFileName(argv0);
    argv0 = "tend";
}
Personality.Current = persona;
// Parsed once: only a verb that supervises keeps the mask (see Verb).
var commandLine = CommandLine.Parse(args);
StartupTrace.Mark("command line parsed");
if (!commandLine.Supervises) StartMask.RestoreInherited();
else if (!SignalMask.IsInheritedBlocked())
{
    // No constructor blocked them (a build without Native/start_mask.c): block and exec again.
    var failure = SignalMask.BlockAndReexec(Environment.ProcessPath ?? "/proc/self/exe", typedArgv0, typedArgs);
    Console.Error.WriteLine($"tend: warning: cannot re-execute with signals blocked ({Tend.Model.ErrorText.Of(failure)}); carrying on");
}
// exec named the process after the binary's file (tend); healthchecks such as `pgrep supervisord`
// look for the name of what Tend replaces.
if (persona is not null) ProcessControl.SetName(persona);
Spawner.HelperPath = Environment.ProcessPath;
using var armed = Startup.ArmRuntimeChildHandlingIfAsked();
return commandLine.Invoke();
