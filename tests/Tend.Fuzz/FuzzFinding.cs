namespace Tend.Fuzz;

/// <summary>
/// A parser returned instead of throwing, but its result breaks its documented contract (an
/// unlocated error, neither a result nor an error). Thrown so that afl-fuzz records the input as a crash.
/// </summary>
internal sealed class FuzzFinding(string message) : Exception(message);
