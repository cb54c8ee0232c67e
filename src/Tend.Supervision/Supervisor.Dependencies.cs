namespace Tend.Supervision;

/// <summary>Starting programs once their dependencies allow it, and restart_with.</summary>
public sealed partial class Supervisor
{
    /// <summary>
    /// Starts every program that was asked to start and whose depends_on conditions hold, in start
    /// order. Runs after every event, so a dependent starts on the very event that satisfies it.
    /// </summary>
    private void StartWhatMayStart()
    {
        if (_shuttingDown) return;
        foreach (var p in _programs)
        {
            if (!p.PendingStart || !p.IsDown) continue;
            var verdict = DependencyGate.Evaluate(p.Spec, Find);
            if (verdict.Open)
            {
                p.PendingStart = false;
                p.WaitingFor = null;
                Start(p);
                continue;
            }
            if (verdict.FailedDependency is { } failed && p.Spec.OnDependencyFailure == Model.OnDependencyFailure.Stop)
            {
                p.PendingStart = false;
                p.Want = Want.Down;
                p.WaitingFor = null;
                Log($"{p.Name} not started: its dependency {failed} is FATAL", level: Chat.Warning);
                continue;
            }
            if (verdict.WaitingFor != p.WaitingFor)
            {
                p.WaitingFor = verdict.WaitingFor;
                Log($"{p.Name} waiting for {verdict.WaitingFor}");
            }
        }
    }

    /// <summary>Programs that asked (restart_with) to restart whenever <paramref name="dependency"/> does.</summary>
    private void RestartDependentsOf(ProgramRuntime dependency)
    {
        foreach (var q in _programs)
            if (q.Spec.RestartWith.Contains(dependency.Name) && q.Want == Want.Up)
            {
                Log($"{q.Name} restarting with {dependency.Name}");
                Restart(q, $"restarting with {dependency.Name}");
            }
    }

    /// <summary>Stops the program if it runs and starts it again (once its dependencies allow).</summary>
    private void Restart(ProgramRuntime p, string reason)
    {
        if (p.IsDown)
        {
            p.Want = Want.Up;
            p.PendingStart = true;
            return;
        }
        Stop(p, reason);
        p.Want = Want.Up; // the exit then leads to a new start
        if (p.State == ProgramState.Stopped) p.PendingStart = true; // was in BACKOFF: already down
    }

    public ProgramRuntime? Find(string name)
    {
        foreach (var p in _programs)
            if (p.Name == name) return p;
        return null;
    }
}
