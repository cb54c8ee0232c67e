namespace Tend.Config;

/// <summary>
/// Step 3 of loading: rules about the configuration as a whole, plus each program's own rules.
/// Runs on every draft even when reading found errors, so one run reports everything.
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(ConfigDraft config, DiagnosticBag diagnostics)
    {
        CheckNotEmpty(config, diagnostics);
        CheckSingleMain(config, diagnostics);
        foreach (var program in config.Programs) ProgramValidator.Validate(program, diagnostics);
    }

    /// <summary>Only a warning: the command line may still add a program.</summary>
    private static void CheckNotEmpty(ConfigDraft config, DiagnosticBag diagnostics)
    {
        if (config.Programs.Count == 0)
            diagnostics.Warning(config.ProgramsAt, "no programs are defined", "add programs under 'programs:', e.g. 'web: {command: [nginx]}'");
    }

    /// <summary>The container's exit code comes from the main program, so there can be only one.</summary>
    private static void CheckSingleMain(ConfigDraft config, DiagnosticBag diagnostics)
    {
        var mains = config.Programs.Where(p => p.Main?.Value == true).ToList();
        if (mains.Count < 2) return;
        diagnostics.Error(mains[1].Main!.Location,
            $"more than one program has 'main: true': {string.Join(", ", mains.Select(p => p.Name))}",
            "only one program's exit can end the container; use 'critical: true' for the others");
    }
}
