using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// Whether two specs of a program describe the same thing, for reload: every setting compared by
/// value (lists element by element), source locations ignored, so moving a program in the file
/// does not restart it. Pure.
/// </summary>
public static class SpecComparer
{
    public static bool Same(ProgramSpec a, ProgramSpec b)
    {
        var x = Normalize(a);
        var y = Normalize(b);
        return x == y
               && a.Command.SequenceEqual(b.Command)
               && a.ExitCodes.SequenceEqual(b.ExitCodes)
               && a.ForwardSignals.SequenceEqual(b.ForwardSignals)
               && a.RestartWith.SequenceEqual(b.RestartWith)
               && a.DependsOn.Select(d => d with { DefinedAt = null }).SequenceEqual(b.DependsOn.Select(d => d with { DefinedAt = null }))
               && a.Environment.Count == b.Environment.Count
               && a.Environment.All(kv => b.Environment.TryGetValue(kv.Key, out var v) && v == kv.Value)
               && SameProbe(a.Readiness, b.Readiness)
               && SameProbe(a.Liveness, b.Liveness)
               && SameProbe(a.Startup, b.Startup)
               && SameListener(a.EventListener, b.EventListener)
               && SameArgv(a.FinishCommand, b.FinishCommand)
               && SameArgv(a.DownCommand, b.DownCommand)
               && a.Sockets.Select(s => (s.Address, s.Name)).SequenceEqual(b.Sockets.Select(s => (s.Address, s.Name)))
               && a.Rlimits.SequenceEqual(b.Rlimits);
    }

    private static bool SameArgv(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null || b is null ? a is null && b is null : a.SequenceEqual(b);

    private static bool SameListener(EventListenerSpec? a, EventListenerSpec? b) =>
        a is null || b is null ? a is null && b is null
            : a.BufferSize == b.BufferSize && a.Events.SequenceEqual(b.Events);

    private static bool SameProbe(ProbeSpec? a, ProbeSpec? b) =>
        a is null || b is null ? a is null && b is null
            : (a with { DefinedAt = null, Command = [] }) == (b with { DefinedAt = null, Command = [] }) && a.Command.SequenceEqual(b.Command);

    /// <summary>The record with its collections and locations blanked, so record equality compares the scalars.</summary>
    private static ProgramSpec Normalize(ProgramSpec p) => p with
    {
        Command = [], ExitCodes = [], ForwardSignals = [], RestartWith = [], DependsOn = [],
        Environment = Empty, Readiness = null, Liveness = null, Startup = null, DefinedAt = null, UserAt = null, GroupAt = null, EventListener = null,
        FinishCommand = null, DownCommand = null, Persistent = [], Sockets = [], Rlimits = [],
    };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
