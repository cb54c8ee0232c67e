using Tend.Runit.Status;

namespace Tend.Runit.Control;

/// <summary>
/// One step of what a control byte asks the supervisor to do. Steps come in order and must be
/// carried out in that order: the status published between them is what sv may read.
/// A step that names a <c>Hook</c> runs the executable <c>SERVICE/control/&lt;Hook&gt;</c>
/// when there is one, with argv[1] = the service's pid ("" when none) and stdout to the log
/// pipe when the service has a log, and waits for it.
/// </summary>
public abstract record ControlEffect
{
    private ControlEffect() { }

    /// <summary>Change what is wanted (byte 17 of the record, "want ..." in stat).</summary>
    public sealed record SetWant(Want Want) : ControlEffect;

    /// <summary>Set or clear the paused flag.</summary>
    public sealed record SetPaused(bool Paused) : ControlEffect;

    /// <summary>Rewrite pid, stat and status from the current state (and a fresh timestamp only if the state changed).</summary>
    public sealed record Publish : ControlEffect;

    /// <summary>
    /// Run the hook if any; if it exited 0 it replaced the default, so stop here. Otherwise send
    /// <paramref name="Number"/> to the service's pid, as runsv does (not to its group).
    /// </summary>
    public sealed record Signal(int Number, char? Hook) : ControlEffect;

    /// <summary>
    /// runsv's stop step: like <see cref="Signal"/> with SIGTERM and hook 't', and when the TERM
    /// was sent, set the got-TERM flag and publish.
    /// </summary>
    public sealed record Terminate(char? Hook) : ControlEffect;

    /// <summary>Run the hook if any; its exit status is ignored.</summary>
    public sealed record RunHook(char Hook) : ControlEffect;

    /// <summary>
    /// Start ./run now: run the hook first if any (status ignored), spawn, set state run with a
    /// fresh timestamp, clear paused and got-TERM, publish. Every start of ./run does this,
    /// the automatic restarts too (see <see cref="ControlDecision.StartHook"/>); in Tend the
    /// supervisor runs the hook before each start, whoever asked for it.
    /// </summary>
    public sealed record Start(char? Hook) : ControlEffect;
}
