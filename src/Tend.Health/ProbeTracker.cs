using Tend.Model;

namespace Tend.Health;

/// <summary>
/// Turns a probe's results into a status with Kubernetes threshold semantics. Pure: no clock, no
/// I/O, not thread-safe (the supervision loop owns one per program and probe).
/// <para>The status starts <see cref="ProbeStatus.Unknown"/>. SuccessThreshold successes in a row
/// make it <see cref="ProbeStatus.Passing"/>; FailureThreshold failures in a row make it
/// <see cref="ProbeStatus.Failing"/>; anything shorter leaves it where it was (hysteresis).
/// Thresholds below 1 count as 1.</para>
/// </summary>
public sealed class ProbeTracker
{
    public ProbeTracker(int failureThreshold, int successThreshold)
    {
        FailureThreshold = Math.Max(1, failureThreshold);
        SuccessThreshold = Math.Max(1, successThreshold);
    }

    public ProbeTracker(ProbeSpec spec)
        : this(spec.FailureThreshold, spec.SuccessThreshold)
    {
    }

    public int FailureThreshold { get; }
    public int SuccessThreshold { get; }

    public ProbeStatus Status { get; private set; } = ProbeStatus.Unknown;

    /// <summary>Failures since the last success (or reset).</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Successes since the last failure (or reset).</summary>
    public int ConsecutiveSuccesses { get; private set; }

    /// <summary>Every failure recorded by this tracker; <see cref="Reset"/> keeps it.</summary>
    public long TotalFailures { get; private set; }

    /// <summary>Every result recorded by this tracker; <see cref="Reset"/> keeps it.</summary>
    public long TotalChecks { get; private set; }

    /// <summary>Records one result and returns the (possibly unchanged) status.</summary>
    public ProbeStatus Record(bool success)
    {
        TotalChecks++;
        if (success)
        {
            ConsecutiveFailures = 0;
            if (ConsecutiveSuccesses < int.MaxValue) ConsecutiveSuccesses++;
            if (ConsecutiveSuccesses >= SuccessThreshold) Status = ProbeStatus.Passing;
        }
        else
        {
            TotalFailures++;
            ConsecutiveSuccesses = 0;
            if (ConsecutiveFailures < int.MaxValue) ConsecutiveFailures++;
            if (ConsecutiveFailures >= FailureThreshold) Status = ProbeStatus.Failing;
        }
        return Status;
    }

    /// <summary>
    /// Back to <see cref="ProbeStatus.Unknown"/> with no streaks, as when the program restarts. The
    /// totals are kept: they describe the program, not one run of it.
    /// </summary>
    public void Reset()
    {
        Status = ProbeStatus.Unknown;
        ConsecutiveFailures = 0;
        ConsecutiveSuccesses = 0;
    }
}
