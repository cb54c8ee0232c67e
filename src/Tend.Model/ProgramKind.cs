namespace Tend.Model;

/// <summary>Whether a program is supervised for as long as it runs, or run once to completion.</summary>
public enum ProgramKind
{
    /// <summary>A long-running program, restarted by its <see cref="ProgramSpec.Restart"/> policy (every YAML and supervisord program).</summary>
    Longrun,

    /// <summary>
    /// Runs once (s6-rc oneshot, s6-overlay cont-init.d script). An exit with one of
    /// <see cref="ProgramSpec.ExitCodes"/> means "up": completed_successfully dependents may start.
    /// Never restarted. At shutdown, if it completed, its <see cref="ProgramSpec.DownCommand"/> runs
    /// (dependents first, as for stopping longruns).
    /// </summary>
    Oneshot,
}
