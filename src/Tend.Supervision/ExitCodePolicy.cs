namespace Tend.Supervision;

/// <summary>
/// Tend's own exit code, decided once everything has stopped. The main program's code wins; then a
/// critical program's that went FATAL; otherwise 0 only if nothing failed. Never a silent 0 after
/// a failure.
/// </summary>
public static class ExitCodePolicy
{
    public static int Decide(int? mainExitCode, int? criticalExitCode, bool anyFailure)
    {
        if (mainExitCode is { } main) return main;
        if (criticalExitCode is { } critical) return critical == 0 ? 1 : critical;
        return anyFailure ? 1 : 0;
    }
}
