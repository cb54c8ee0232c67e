using Tend.Logging;

namespace Tend.Supervision;

public sealed record SupervisorOptions
{
    public required LogMux Logs { get; init; }

    /// <summary>After the programs have stopped, how long leftover processes get between TERM and KILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Give back the executable's start-up pages once the first programs are started (see StartupPages).</summary>
    public bool ReleaseStartupPages { get; init; }

    /// <summary>
    /// Reads the configuration again for a reload (SIGHUP, `tend ctl reload`): the new programs, or
    /// the errors that make it unusable. Null: reload is not available (e.g. `tend -- CMD`).
    /// </summary>
    public Func<(IReadOnlyList<Model.ProgramSpec>? Programs, IReadOnlyList<string> Errors)>? Reload { get; init; }

    /// <summary>
    /// After a reload that <see cref="Reload"/> accepted: the jobs of the configuration it read.
    /// Null: jobs are left as they are.
    /// </summary>
    public Func<IReadOnlyList<Model.JobSpec>>? ReloadedJobs { get; init; }

    /// <summary>The wall clock job schedules are read against (tests move a fake one).</summary>
    public TimeProvider WallClock { get; init; } = TimeProvider.System;

    /// <summary>Tend's environment, the base of every program's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The arguments a finish command gets after an exit (style, status, service name, process
    /// group): runit's or s6's conventions, supplied by the composing layer (Tend.Runit's
    /// FinishArguments). Null: finish commands get no arguments.
    /// </summary>
    public Func<Model.FinishStyle, Posix.ExitStatus, string, int, IReadOnlyList<string>>? FinishArguments { get; init; }

    /// <summary>
    /// A command to run, and wait for, before every start of a program, whatever asked for the start
    /// (runsv runs SERVICE/control/u so: at the first start, at each restart, on sv up), its exit
    /// status ignored; null for a program that has none at this moment (asked at each start, as runsv
    /// looks for the file each time). Supplied by the composing layer (the runit tree's).
    /// </summary>
    public Func<Model.ProgramSpec, IReadOnlyList<string>?>? StartHook { get; init; }
}
