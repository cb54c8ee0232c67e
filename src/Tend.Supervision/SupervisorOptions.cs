using Tend.Logging;

namespace Tend.Supervision;

public sealed record SupervisorOptions
{
    public required LogMux Logs { get; init; }

    /// <summary>After the programs have stopped, how long leftover processes get between TERM and KILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Give back the executable's start-up pages once the first programs are started (see
    /// ExecutablePages), and memory each burst of work used once the loop is quiet again (Supervisor.Quiet.cs).
    /// </summary>
    public bool ReleaseUnusedPages { get; init; }

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

    /// <summary>
    /// Null: SIGHUP reloads. Otherwise SIGHUP stops every program and Tend exits with this code:
    /// what it means to runsvdir (111), whose name Tend may answer to.
    /// </summary>
    public int? HangupExitCode { get; init; }

    /// <summary>The kernel the life cycle spawns and signals through; null: the real one. The unit tests' harness gives an in-memory one.</summary>
    internal IProcessHost? Processes { get; init; }

    /// <summary>Sees every line Tend logs (the harness checks that every state change was logged); null: none.</summary>
    internal Action<string>? Tap { get; init; }

    /// <summary>Tend's environment, the base of every program's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
