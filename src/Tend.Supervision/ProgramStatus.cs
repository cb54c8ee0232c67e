namespace Tend.Supervision;

/// <summary>A program as the control plane shows it: a copy taken on the loop thread.</summary>
public sealed record ProgramStatus(
    string Name,
    string State,
    int? Pid,
    double? UptimeSeconds,
    int Restarts,
    int? LastExitCode,
    string? LastExitSignal,
    bool Ready,
    bool Healthy,
    bool CountsForHealth,
    string? WaitingFor,
    string? LastError,
    long ProbeFailures = 0,
    string? Reason = null,
    string? Phase = null,
    bool LastExitOom = false,
    long OomKills = 0);

/// <summary>The answer to a control request about programs: what was done, or why not.</summary>
public sealed record ControlOutcome(bool Ok, string Message)
{
    public static ControlOutcome Done(string message) => new(true, message);
    public static ControlOutcome Refused(string message) => new(false, message);
}
