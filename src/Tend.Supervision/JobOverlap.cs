using Tend.Model;

namespace Tend.Supervision;

/// <summary>What to do when a job is due (by its schedule or `tend ctl run-job`).</summary>
public enum OverlapAction
{
    Start,

    /// <summary>forbid, with a run still going: the run is skipped and the skip logged.</summary>
    Skip,

    /// <summary>replace, with a run still going: stop it like a program (stop signal, SIGKILL later), start when it has exited.</summary>
    StopThenStart,
}

/// <summary>The overlap policy, pure: a function of the policy and whether a run is going.</summary>
public static class JobOverlap
{
    public static OverlapAction Decide(JobConcurrency concurrency, int running) => (concurrency, running) switch
    {
        (_, 0) => OverlapAction.Start,
        (JobConcurrency.Allow, _) => OverlapAction.Start,
        (JobConcurrency.Replace, _) => OverlapAction.StopThenStart,
        _ => OverlapAction.Skip,
    };
}
