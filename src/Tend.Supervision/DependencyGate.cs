using Tend.Model;

namespace Tend.Supervision;

/// <summary>The verdict on a program waiting for its dependencies.</summary>
public readonly record struct GateVerdict(bool Open, string? WaitingFor, string? FailedDependency)
{
    public static readonly GateVerdict Opened = new(true, null, null);
}

/// <summary>
/// Whether a program's depends_on conditions hold (docker compose semantics). Pure: it reads the
/// dependencies' live state and decides, so every condition and state is unit tested.
/// </summary>
public static class DependencyGate
{
    public static GateVerdict Evaluate(ProgramSpec spec, Func<string, ProgramRuntime?> lookup)
    {
        var waiting = new List<string>();
        foreach (var dep in spec.DependsOn)
        {
            var d = lookup(dep.Program);
            if (d is null) return new GateVerdict(false, $"{dep.Program} (unknown)", dep.Program);
            if (dep.EvenIfFailed && FailedOrBlocked(d, lookup, 0)) continue;
            if (d.State == ProgramState.Fatal) return new GateVerdict(false, $"{dep.Program} (FATAL)", dep.Program);
            if (!Holds(dep.Condition, d)) waiting.Add($"{dep.Program} ({ConditionName(dep.Condition)})");
        }
        return waiting.Count == 0 ? GateVerdict.Opened : new GateVerdict(false, string.Join(", ", waiting), null);
    }

    /// <summary>FATAL, or waiting for something that is (so it will never start by itself).</summary>
    private static bool FailedOrBlocked(ProgramRuntime d, Func<string, ProgramRuntime?> lookup, int depth)
    {
        if (d.State == ProgramState.Fatal) return true;
        if (!d.IsDown || d.EverStarted || depth > 64) return false; // running or ran: not blocked
        foreach (var dep in d.Spec.DependsOn)
            if (lookup(dep.Program) is { } x && FailedOrBlocked(x, lookup, depth + 1)) return true;
        return false;
    }

    public static bool Holds(DependencyCondition condition, ProgramRuntime d) => condition switch
    {
        DependencyCondition.Started => d.EverStarted,
        DependencyCondition.Ready => d.IsReady,
        DependencyCondition.Healthy => d.IsHealthy,
        DependencyCondition.CompletedSuccessfully => d.State == ProgramState.Exited && d.LastExit is { } e &&
                                                     RestartDecision.IsExpected(d.Spec.ExitCodes, e),
        _ => false,
    };

    public static string ConditionName(DependencyCondition c) => c switch
    {
        DependencyCondition.Started => "started",
        DependencyCondition.Ready => "ready",
        DependencyCondition.Healthy => "healthy",
        _ => "completed_successfully",
    };
}
