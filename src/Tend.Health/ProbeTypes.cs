namespace Tend.Health;

/// <summary>What the thresholds make of a probe's results so far.</summary>
public enum ProbeStatus
{
    /// <summary>Neither threshold reached yet (since the start or the last reset).</summary>
    Unknown,

    /// <summary>SuccessThreshold successes in a row, and not FailureThreshold failures in a row since.</summary>
    Passing,

    /// <summary>FailureThreshold failures in a row, and not SuccessThreshold successes in a row since.</summary>
    Failing,
}

/// <summary>Which of a program's probes.</summary>
public enum ProbeRole { Readiness, Liveness, Startup }

/// <summary>
/// Names one probe of one run of a program. The generation lets the supervisor drop results that
/// belong to an earlier run (a result can still arrive after the program restarted).
/// </summary>
public readonly record struct ProbeKey(string Program, ProbeRole Role, int Generation);

/// <summary>The outcome of one check: whether it passed, and a short human-readable reason.</summary>
public readonly record struct ProbeResult(bool Success, string Detail);
