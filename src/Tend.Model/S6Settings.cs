namespace Tend.Model;

/// <summary>S6_BEHAVIOUR_IF_STAGE2_FAILS: what a failure while starting up does to the container.</summary>
public enum S6Stage2Failure
{
    /// <summary>0: carry on silently.</summary>
    Continue = 0,

    /// <summary>1: carry on, with a warning.</summary>
    Warn = 1,

    /// <summary>2: stop the container (a cont-init script or oneshot failing, a start timing out).</summary>
    Stop = 2,
}

/// <summary>S6_LOGGING: where output goes.</summary>
public enum S6Logging
{
    /// <summary>0: everything to Tend's stdout/stderr.</summary>
    Console = 0,

    /// <summary>1: services to a catch-all logger in /var/log/s6-uncaught-logs; the CMD still to stdout.</summary>
    CatchAll = 1,

    /// <summary>2: everything, the CMD included, to the catch-all logger.</summary>
    CatchAllWithCmd = 2,
}

/// <summary>
/// The S6_* variables of an s6-overlay container that Tend honours; null on other layouts. The
/// reader has already applied what fits the per-program model (stop timeouts, critical oneshots,
/// the CMD's forwarded signals and dependencies); the rest is for the runtime, as each member says.
/// </summary>
public sealed record S6Settings
{
    /// <summary>
    /// Runtime: on a failed oneshot or cont-init script, or a start timeout: Continue ignores it,
    /// Warn logs a warning, Stop shuts the container down with that exit code (the reader also marks
    /// oneshots Critical for Stop).
    /// </summary>
    public S6Stage2Failure Stage2Failure { get; init; } = S6Stage2Failure.Continue;

    /// <summary>S6_KILL_GRACETIME: after the final TERM to every process at shutdown, wait this long, then KILL.</summary>
    public TimeSpan KillGraceTime { get; init; } = TimeSpan.FromMilliseconds(3000);

    /// <summary>S6_SERVICES_GRACETIME: how long /etc/services.d programs get to stop after their down signal.</summary>
    public TimeSpan ServicesGraceTime { get; init; } = TimeSpan.FromMilliseconds(3000);

    /// <summary>S6_KILL_FINISH_MAXTIME: the limit of each cont-finish.d script (already copied into each <see cref="ShutdownCommand.Timeout"/>).</summary>
    public TimeSpan KillFinishMaxTime { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>S6_CMD_WAIT_FOR_SERVICES: the CMD waits for services.d programs to be ready, not only started (the reader sets its dependencies so).</summary>
    public bool CmdWaitForServices { get; init; }

    /// <summary>S6_CMD_WAIT_FOR_SERVICES_MAXTIME: runtime: if start-up (cont-init included) is not done by then, it is a stage-2 failure; null: no limit (0).</summary>
    public TimeSpan? CmdWaitForServicesMaxTime { get; init; }

    /// <summary>
    /// S6_KEEP_ENV: every program gets the container environment, with-contenv or not. False (0, the
    /// default): only programs run through with-contenv do; the reader gives the others a clean
    /// environment holding only PATH (<see cref="ProgramSpec.CleanEnvironment"/>), as s6-overlay does.
    /// </summary>
    public bool KeepEnv { get; init; }

    /// <summary>
    /// S6_LOGGING. The reader routes output accordingly: CatchAll sends every program's output but
    /// the CMD's to <see cref="CatchAllDirectory"/>/current, CatchAllWithCmd the CMD's too.
    /// </summary>
    public S6Logging Logging { get; init; } = S6Logging.Console;

    /// <summary>The catch-all log directory, ROOT/run/uncaught-logs as in s6-overlay v3 (null until the reader knows the root).</summary>
    public string? CatchAllDirectory { get; init; }

    /// <summary>S6_LOGGING_SCRIPT's sNNN: the size at which the catch-all log rotates (s6-overlay's default script: s1000000).</summary>
    public long CatchAllMaxBytes { get; init; } = 1_000_000;

    /// <summary>S6_LOGGING_SCRIPT's nNN: how many rotated catch-all files are kept (default n20).</summary>
    public int CatchAllBackups { get; init; } = 20;

    /// <summary>
    /// S6_CMD_RECEIVE_SIGNALS: the runtime must not start shutting down on TERM, QUIT, INT, USR1,
    /// USR2, PWR or WINCH, but pass them to the CMD (listed in its ForwardSignals); the CMD's exit
    /// then ends the container as usual.
    /// </summary>
    public bool CmdReceiveSignals { get; init; }

    /// <summary>
    /// S6_VERBOSITY, 0 to 5 (default 2): which of Tend's own lines are written: 0 errors only, 1 also
    /// warnings, 2 also what programs do (started, exited, ready, stopped), 3 and more also the
    /// details of the s6 tree (settings, each program's environment).
    /// </summary>
    public int Verbosity { get; init; } = 2;

    /// <summary>S6_CMD_ARG0 split into words; already prepended to the CMD's command.</summary>
    public IReadOnlyList<string> CmdArg0 { get; init; } = [];
}
