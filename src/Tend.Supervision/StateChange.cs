namespace Tend.Supervision;

/// <summary>
/// A program moved from one state to another. Raised on the supervision loop thread, in order, for
/// every transition (including EXITED on the way to an immediate restart, as supervisord reports it).
/// </summary>
/// <param name="Program">Its live state, as it is right after the change (read it only on the loop thread).</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="AtUnixMs">When, in unix milliseconds.</param>
/// <param name="Expected">For an exit: whether its exit code was one of the expected ones.</param>
public sealed record StateChange(ProgramRuntime Program, ProgramState From, ProgramState To, long AtUnixMs, bool Expected);
