namespace Tend.Model;

/// <summary>When a dependent may start (docker compose's depends_on conditions).</summary>
public enum DependencyCondition
{
    /// <summary>The dependency has been spawned.</summary>
    Started,

    /// <summary>It is RUNNING and its readiness probe passes (RUNNING alone when it has none).</summary>
    Ready,

    /// <summary>It is RUNNING, ready, and its liveness probe passes.</summary>
    Healthy,

    /// <summary>It exited with an expected code (a oneshot init task).</summary>
    CompletedSuccessfully,
}

/// <summary>What dependents do when a dependency goes FATAL.</summary>
public enum OnDependencyFailure
{
    /// <summary>Keep waiting, with a status saying which dependency failed.</summary>
    Wait,

    /// <summary>Stop the dependents too.</summary>
    Stop,
}

/// <summary>One entry of depends_on.</summary>
/// <param name="Program">The program depended on.</param>
/// <param name="Condition">When the dependent may start.</param>
/// <param name="DefinedAt">Where the entry is written, for error messages; null when not from a file.</param>
/// <param name="EvenIfFailed">
/// Also satisfied once the dependency has failed (FATAL) or can never start because something it
/// depends on failed: "after it has settled, whatever the outcome". s6-overlay's CMD waits this way
/// when S6_BEHAVIOUR_IF_STAGE2_FAILS is 0 or 1 (run the CMD anyway).
/// </param>
public sealed record DependencySpec(string Program, DependencyCondition Condition, SourceLocation? DefinedAt = null, bool EvenIfFailed = false);
