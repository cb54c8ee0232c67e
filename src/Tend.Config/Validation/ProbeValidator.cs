using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Rules for a readiness or liveness probe: exactly one check, a runnable exec argv, and timings
/// that can work (a zero interval would spin, a zero threshold would never decide).
/// </summary>
internal static class ProbeValidator
{
    private const string OneCheck = "add one of: exec: [\"command\", \"arg\"], http: \"http://127.0.0.1:8080/health\" or tcp: \"127.0.0.1:8080\"";

    public static void Validate(ProgramDraft program, ProbeDraft? probe, DiagnosticBag diagnostics)
    {
        if (probe is null) return;
        var what = $"the {probe.Key} probe of program '{program.Name}'";

        CheckOneCheck(probe, what, diagnostics);
        CheckExec(probe, what, diagnostics);
        CheckPositive(probe, probe.Interval, ConfigKeys.ProbeInterval, diagnostics);
        CheckPositive(probe, probe.Timeout, ConfigKeys.ProbeTimeout, diagnostics);
        CheckThreshold(probe, probe.FailureThreshold, ConfigKeys.ProbeFailureThreshold, diagnostics);
        CheckThreshold(probe, probe.SuccessThreshold, ConfigKeys.ProbeSuccessThreshold, diagnostics);
        CheckSkipVerify(probe, diagnostics);
    }

    /// <summary>Skipping certificate checks is a choice about an https URL; anywhere else it would silently mean nothing.</summary>
    private static void CheckSkipVerify(ProbeDraft probe, DiagnosticBag diagnostics)
    {
        if (probe.InsecureSkipVerify is not { Value: true } skip || probe.Checks.Count != 1) return;
        if (probe.Url is { } url && url.Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return;
        if (probe.Checks[0].Value == ProbeKind.Http && probe.Url is null) return; // the URL itself is wrong, already reported
        diagnostics.Error(skip.Location, $"{probe.Key}.{ConfigKeys.ProbeInsecureSkipVerify} is set but the probe checks no https:// URL",
            "it only applies to an http probe of an https:// URL: remove it");
    }

    private static void CheckOneCheck(ProbeDraft probe, string what, DiagnosticBag diagnostics)
    {
        if (probe.Checks.Count == 0)
        {
            diagnostics.Error(probe.DefinedAt, $"{what} has nothing to check", OneCheck);
        }
        else if (probe.Checks.Count > 1)
        {
            var names = string.Join(", ", probe.Checks.Select(c => Name(c.Value)));
            diagnostics.Error(probe.Checks[1].Location, $"{what} has more than one check: {names}",
                "a probe checks exactly one thing: keep one of exec, http, tcp (use another probe kind, or exec a script, to check more)");
        }
    }

    private static void CheckExec(ProbeDraft probe, string what, DiagnosticBag diagnostics)
    {
        if (probe.Exec is not { } exec) return;
        if (exec.Value.Count == 0)
            diagnostics.Error(exec.Location, $"{what} has an empty exec command", CommandReader.Expected);
        else if (exec.Value[0].Length == 0)
            diagnostics.Error(exec.Location, $"the exec command of {what} starts with an empty word", "the first word is the program to run");
        if (exec.Value.Any(a => a.Contains('\0')))
            diagnostics.Error(exec.Location, $"the exec command of {what} contains a NUL character", "arguments cannot contain \\0");
    }

    private static void CheckPositive(ProbeDraft probe, Located<TimeSpan>? value, string key, DiagnosticBag diagnostics)
    {
        if (value is { } v && v.Value <= TimeSpan.Zero)
            diagnostics.Error(v.Location, $"{probe.Key}.{key} must be greater than 0", "write a duration like 1s or 500ms");
    }

    private static void CheckThreshold(ProbeDraft probe, Located<int>? value, string key, DiagnosticBag diagnostics)
    {
        if (value is { } v && v.Value < 1)
            diagnostics.Error(v.Location, $"{probe.Key}.{key} must be at least 1 (got {v.Value})", "1 means a single result decides");
    }

    private static string Name(ProbeKind kind) => kind switch
    {
        ProbeKind.Http => ConfigKeys.ProbeHttp,
        ProbeKind.Tcp => ConfigKeys.ProbeTcp,
        _ => ConfigKeys.ProbeExec,
    };
}
