using Tend.Posix;

namespace Tend.Supervision;

/// <summary>
/// The live state of a stop that outlasts the program's own process: what it started outside its
/// process group, and its exit while those (or members of its group) still run.
/// </summary>
public sealed partial class ProgramRuntime
{
    /// <summary>Processes it started outside its process group (setsid), found when it was asked to stop.</summary>
    internal List<ProcessTree.Member> Strays { get; } = [];

    /// <summary>The exit of a stopping program whose group or strays still run: handled once they are gone.</summary>
    internal ExitStatus? HeldExit { get; set; }

    /// <summary>The reaped pid of a held exit, which is still the id of its process group.</summary>
    internal int HeldGroup { get; set; }

    /// <summary>While held: when what is left gets SIGKILL (its stop_timeout), then when Tend stops waiting.</summary>
    internal long HeldUntilMs { get; set; }
}
