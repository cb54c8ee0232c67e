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
        for (var i = 0; i < _programs.Count; i++) // a start never changes the list
        {
            var p = _programs[i];
            if (p.Phase != Phase.WaitingForDependencies) continue;
            var verdict = DependencyGate.Evaluate(p.Spec, Find);
            if (verdict.Open)
            {
                OnDependenciesMet(p);
                continue;
            }
            if (verdict.FailedDependency is { } failed && p.Spec.OnDependencyFailure == Model.OnDependencyFailure.Stop)
            {
                OnStopRequested(p, $"its dependency {failed} is FATAL", Chat.Warning, $"{p.Name} not started: its dependency {failed} is FATAL");
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
                OnRestartRequested(q, $"restarting with {dependency.Name}", $"{q.Name} restarting with {dependency.Name}");
    }

    public ProgramRuntime? Find(string name)
    {
        foreach (var p in _programs)
            if (p.Name == name) return p;
        return null;
    }
}
