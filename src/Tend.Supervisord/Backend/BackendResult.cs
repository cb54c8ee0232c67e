using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Backend;

/// <summary>
/// The outcome of one action: <see cref="Faults.Success"/> or a fault code. <see cref="Detail"/>
/// replaces the default detail of the fault text (the process's name), e.g. the reason for FAILED.
/// </summary>
public readonly record struct BackendResult(int Code, string? Detail = null)
{
    public static BackendResult Ok => new(Faults.Success);

    public static BackendResult Fail(int code, string? detail = null) => new(code, detail);

    public bool Succeeded => Code == Faults.Success;
}

/// <summary>reloadConfig's answer: group names, or why the configuration could not be read (CANT_REREAD).</summary>
public sealed record ReloadOutcome(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, string? Error = null)
{
    public static ReloadOutcome Failed(string error) => new([], [], [], error);
}
