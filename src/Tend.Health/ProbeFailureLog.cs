namespace Tend.Health;

/// <summary>
/// Which probe results are worth a line in Tend's log: a probe that keeps failing is reported at
/// its first failure, then every <see cref="Every"/>th failure in a row, and once when it passes
/// again, so a program waiting on a dependency's readiness says what it waits for and why,
/// without a line per check. Pure: the supervisor gives the streaks before and after the result.
/// </summary>
public static class ProbeFailureLog
{
    /// <summary>After the first failure, one line per this many failures in a row.</summary>
    public const int Every = 10;

    /// <param name="program">The program the probe checks.</param>
    /// <param name="role">Readiness or liveness.</param>
    /// <param name="result">This check's result.</param>
    /// <param name="failuresBefore">Failures in a row before this result.</param>
    /// <param name="waiting">Programs waiting for this one (their depends_on), named in the line.</param>
    /// <returns>The line to log, or null.</returns>
    public static string? Line(string program, ProbeRole role, ProbeResult result, int failuresBefore, IReadOnlyList<string> waiting)
    {
        var probe = role switch { ProbeRole.Readiness => "readiness probe", ProbeRole.Startup => "startup probe", _ => "liveness probe" };
        if (result.Success)
            return failuresBefore == 0 ? null : $"{program}: {probe} passes again after {Times(failuresBefore)} failed ({result.Detail})";
        var failures = failuresBefore + 1;
        if (failures != 1 && failures % Every != 0) return null;
        var line = failures == 1
            ? $"{program}: {probe} failed ({result.Detail})"
            : $"{program}: {probe} failed {failures} times in a row ({result.Detail})";
        return waiting.Count == 0 ? line : $"{line}; waiting for it: {string.Join(", ", waiting)}";
    }

    private static string Times(int n) => n == 1 ? "1 check" : $"{n} checks";
}
