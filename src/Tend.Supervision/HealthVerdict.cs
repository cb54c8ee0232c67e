namespace Tend.Supervision;

/// <summary>
/// Tend's one health answer (for Docker's HEALTHCHECK and Kubernetes probes). A program matters
/// unless it says `health: ignore`. It is fine when RUNNING, ready (readiness probe passing, if it
/// has one) and not failing its liveness probe; a oneshot that completed with an expected code is
/// fine too, and so is a program that was never meant to start (autostart: false) and is STOPPED.
/// Pure: tested over every state.
/// </summary>
public static class HealthVerdict
{
    public static (bool Healthy, IReadOnlyList<string> Problems) Evaluate(IEnumerable<ProgramRuntime> programs, bool shuttingDown)
    {
        var problems = new List<string>();
        if (shuttingDown) problems.Add("tend is shutting down");
        foreach (var p in programs)
        {
            if (!p.Spec.CountsForHealth) continue;
            var problem = ProblemOf(p);
            if (problem is not null) problems.Add($"{p.Name}: {problem}");
        }
        return (problems.Count == 0, problems);
    }

    public static string? ProblemOf(ProgramRuntime p)
    {
        switch (p.State)
        {
            case ProgramState.Running:
                if (p.Spec.Startup is not null && p.StartupPassing != true) return "not ready yet (startup probe has not passed)";
                if (p.Spec.Readiness is not null && p.ReadinessPassing != true)
                    return p.ReadinessPassing == false ? "not ready (readiness probe failing)" : "not ready yet (readiness probe has not passed)";
                if (p.Spec.Liveness is not null && p.LivenessPassing == false) return "liveness probe failing";
                if (p.AwaitsNotification)
                    return p.Spec.ReadyLogLine is not null ? "not ready yet (no line of its output matched ready_log_line)" : "not ready yet (has not notified readiness)";
                return null;
            case ProgramState.Exited when p.LastExit is { } e && RestartDecision.IsExpected(p.Spec.ExitCodes, e)
                                          && p.Spec.Restart != Model.RestartPolicy.Always:
                return null; // a oneshot that did its job
            case ProgramState.Exited when p.Spec.FinishStyle == Model.FinishStyle.S6 && p.Want == Want.Down:
                return "down (its finish command exited 125)";
            case ProgramState.Stopped when !p.Spec.AutoStart && !p.EverStarted && !p.WaitsForDependencies:
                return null; // never meant to run yet
            case ProgramState.Stopped when p.WaitsForDependencies:
                return $"waiting for {p.WaitingFor}";
            default:
                return Supervisor.StateName(p) + (p.LastError is { } err ? $" ({err})" : "");
        }
    }
}
