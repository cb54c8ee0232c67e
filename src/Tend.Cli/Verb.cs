using System.CommandLine;

namespace Tend.Cli;

/// <summary>
/// A top-level verb and whether it supervises children. A verb that supervises must run with
/// SIGCHLD blocked from the start (Program re-executes Tend so; see SignalMask): as PID 1 the .NET
/// runtime would otherwise reap children itself and their exit statuses would be lost. The root
/// command is built only from these, and the mask is decided from the same entry the parser picks,
/// so a new verb cannot be added without saying which it is.
/// </summary>
internal sealed record Verb(Command Command, bool Supervises);
