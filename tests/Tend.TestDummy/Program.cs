// tend-dummy: a purpose-built child program for tend's integration tests, so tests do not
// depend on what a shell or coreutils happen to do with signals, buffering or fds.
//
//   tend-dummy VERB [ARGS...] [then VERB [ARGS...]]...
//
// Verbs run left to right. Exit codes: whatever `exit N` / a trap asks for, 0 when the chain
// finishes, 64 for a bad command line (nothing runs), 70 when a syscall fails at run time.
// The word "then" always separates verbs, so it cannot appear as an argument.
using Tend.TestDummy;
using Tend.TestDummy.Verbs;

const int ExitUsage = 64, ExitFailure = 70;

if (args.Length == 0 || args is ["help"] or ["--help"] or ["-h"])
{
    RawIo.WriteText(args.Length == 0 ? RawIo.Stderr : RawIo.Stdout, Usage.Text);
    return args.Length == 0 ? ExitUsage : 0;
}

List<Action> chain;
try
{
    chain = Parse(args);
}
catch (UsageException e)
{
    RawIo.WriteText(RawIo.Stderr, $"tend-dummy: {e.Message}\n(run 'tend-dummy help' for the verb list)\n");
    return ExitUsage;
}

try
{
    foreach (var verb in chain) verb();
    return 0;
}
catch (FailureException e)
{
    RawIo.WriteText(RawIo.Stderr, $"tend-dummy: {e.Message}\n");
    return ExitFailure;
}

static List<Action> Parse(string[] argv)
{
    var chain = new List<Action>();
    int start = 0;
    for (int i = 0; i <= argv.Length; i++)
    {
        if (i < argv.Length && argv[i] != "then") continue;
        if (i == start) throw new UsageException(i == 0 ? "'then' needs a verb before it" : "'then' must be followed by a verb");
        chain.Add(Bind(new VerbArgs(argv[start], argv[(start + 1)..i])));
        start = i + 1;
    }
    return chain;
}

// One line per verb: the parse method validates the arguments now and returns what to run later.
static Action Bind(VerbArgs a) => a.Verb switch
{
    "sleep" => ProcessVerbs.Sleep(a),
    "exit" => ProcessVerbs.Exit(a),
    "kill-self" => ProcessVerbs.KillSelf(a),
    "orphans" => ProcessVerbs.Orphans(a),
    "echo" => OutputVerbs.Echo(a, RawIo.Stdout),
    "echo-err" => OutputVerbs.Echo(a, RawIo.Stderr),
    "partial" => OutputVerbs.Partial(a),
    "spew-lines" => OutputVerbs.SpewLines(a),
    "spew-bytes" => OutputVerbs.SpewBytes(a),
    "long-line" => OutputVerbs.LongLine(a),
    "touch" => FileVerbs.Touch(a),
    "append" => FileVerbs.Append(a),
    "write-stdout-dev" => FileVerbs.WriteStdoutDev(a),
    "fifo-write" => FileVerbs.FifoWrite(a),
    "ignore-term" => SignalVerbs.IgnoreTerm(a),
    "trap-term" => SignalVerbs.TrapTerm(a),
    "trap-signals" => SignalVerbs.TrapSignals(a),
    "print-signal-state" => InspectVerbs.PrintSignalState(a),
    "print-fds" => InspectVerbs.PrintFds(a),
    "print-env" => InspectVerbs.PrintEnv(a),
    "print-cwd" => InspectVerbs.PrintCwd(a),
    "print-umask" => InspectVerbs.PrintUmask(a),
    "print-ids" => InspectVerbs.PrintIds(a),
    "print-pgid" => InspectVerbs.PrintPgid(a),
    _ => throw new UsageException($"unknown verb '{a.Verb}'"),
};

internal static class Usage
{
    public const string Text = """
        usage: tend-dummy VERB [ARGS...] [then VERB [ARGS...]]...

          sleep SECONDS|inf                 sleep (decimals allowed)
          exit N                            exit with code N now
          kill-self SIG                     die of signal SIG (TERM, SIGTERM or 15)
          orphans N [SECONDS]               spawn N children running 'sleep SECONDS', exit 0 at once
          echo TEXT...                      words joined by spaces + newline to stdout
          echo-err TEXT...                  same to stderr
          partial TEXT...                   stdout, no trailing newline
          spew-lines N [LEN] [stdout|stderr]  N lines of LEN bytes (default 100, incl. newline)
          spew-bytes N                      N bytes cycling 0x00..0xFF to stdout
          long-line N                       N 'a' bytes + newline to stdout
          touch PATH                        create/truncate PATH
          append PATH TEXT...               append TEXT + newline to PATH (O_APPEND, one write)
          write-stdout-dev TEXT...          open /dev/stdout and write TEXT + newline
          fifo-write PATH TEXT...           open existing FIFO PATH and write TEXT + newline
          ignore-term                       set SIGTERM to SIG_IGN
          trap-term MILLIS [EXITCODE]       on SIGTERM: print "term", wait MILLIS, exit EXITCODE (0)
          trap-signals FILE                 append HUP/INT/QUIT/USR1/USR2/WINCH/TERM names to FILE; TERM exits 0
          print-signal-state                SigBlk/SigIgn/SigPnd lines of /proc/self/status
          print-fds                         open fd numbers, one a line
          print-env NAME...                 NAME=value, or "NAME unset"
          print-cwd | print-umask | print-ids | print-pgid

        exit codes: 0 done, 64 bad usage (nothing ran), 70 run-time failure
        """ + "\n";
}
