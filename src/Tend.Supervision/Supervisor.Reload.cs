using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// Live reload (SIGHUP, `tend ctl reload`): read the configuration again and apply the difference.
/// New programs start, removed ones stop and are dropped, changed ones restart with their new
/// settings, unchanged ones are not touched (same pid). A configuration that does not validate is
/// refused with its errors, and the running set stays as it was.
/// </summary>
public sealed partial class Supervisor
{
    public ControlOutcome Reload()
    {
        if (_options.Reload is null) return ControlOutcome.Refused("reload is not available: no configuration file");
        if (_shuttingDown) return ControlOutcome.Refused("tend is shutting down");
        var (programs, errors) = _options.Reload();
        if (programs is null)
        {
            Log($"reload refused: the configuration has {errors.Count} error(s); nothing changed", level: Chat.Error);
            foreach (var e in errors) Log("  " + e, level: Chat.Error);
            return ControlOutcome.Refused($"configuration not valid, nothing changed:\n{string.Join('\n', errors)}");
        }

        var diff = ReloadDiff.Of(_programs.Select(p => p.NextSpec ?? p.Spec).ToList(), programs);
        foreach (var name in diff.Removed) OnRemoved(Find(name)!);
        foreach (var spec in diff.Changed) OnReloaded(Find(spec.Name)!, spec);
        foreach (var spec in diff.Added)
        {
            var p = new ProgramRuntime(spec);
            _programs.Add(p);
            if (spec.AutoStart) OnStartRequested(p, "added by a reload");
        }
        KeepDeclaredSockets(programs);
        int added = diff.Added.Count, removed = diff.Removed.Count, changed = diff.Changed.Count;
        var order = StopPlan.StartOrder(_programs.Select(p => p.Spec)).Select(s => s.Name).ToList();
        _programs.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
        StartWhatMayStart();
        var summary = $"reloaded: {added} added, {removed} removed, {changed} changed";
        if (_options.ReloadedJobs is { } jobs)
        {
            var (jobsAdded, jobsRemoved, jobsChanged) = ReloadJobs(jobs());
            summary += $"; jobs: {jobsAdded} added, {jobsRemoved} removed, {jobsChanged} changed";
        }
        Log(summary);
        return ControlOutcome.Done(summary);
    }

    /// <summary>
    /// Adds one program to the running set (supervisord's addProcessGroup, one program at a time):
    /// it starts when its autostart says so. Refused when a program of that name exists.
    /// </summary>
    public ControlOutcome AddProgram(ProgramSpec spec)
    {
        if (_shuttingDown) return ControlOutcome.Refused("tend is shutting down");
        if (Find(spec.Name) is not null) return ControlOutcome.Refused($"{spec.Name}: already added");
        var p = new ProgramRuntime(spec);
        _programs.Add(p);
        if (spec.AutoStart) OnStartRequested(p, "added");
        var order = StopPlan.StartOrder(_programs.Select(q => q.Spec)).Select(q => q.Name).ToList();
        _programs.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
        Log($"{spec.Name} added");
        StartWhatMayStart();
        return ControlOutcome.Done($"{spec.Name}: added");
    }

    /// <summary>Drops a program that is down (supervisord's removeProcessGroup); refused while it runs.</summary>
    public ControlOutcome RemoveProgram(ProgramRuntime p)
    {
        if (!p.IsDown) return ControlOutcome.Refused($"{p.Name}: still running ({StateName(p)})");
        if (Phases.IsWaiting(p.Phase)) CancelStart(p, "removed");
        _programs.Remove(p);
        Log($"{p.Name} removed");
        return ControlOutcome.Done($"{p.Name}: removed");
    }

    /// <summary>A program a reload removed, down with all it started: dropped, and said so.</summary>
    private void DropRemoved(ProgramRuntime p)
    {
        _programs.Remove(p);
        Log($"{p.Name} removed");
    }
}
