using Tend.Model;

namespace Tend.Supervision;

/// <summary>The delay before retry number <c>attempt</c> (1-based): Initial doubled per failure, capped at Max.</summary>
public static class Backoff
{
    public static TimeSpan Delay(BackoffSpec spec, int attempt)
    {
        if (attempt <= 0) return TimeSpan.Zero;
        var ms = spec.Initial.TotalMilliseconds;
        for (var i = 1; i < attempt && ms < spec.Max.TotalMilliseconds; i++) ms *= 2;
        return TimeSpan.FromMilliseconds(Math.Min(ms, spec.Max.TotalMilliseconds));
    }
}
