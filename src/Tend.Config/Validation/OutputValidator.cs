namespace Tend.Config;

/// <summary>
/// Rules for where a program's output goes (<c>stdout:</c>, <c>stderr:</c>, <c>merge_stderr</c>)
/// and whom its stop signals reach (<c>stop_as_group</c>, <c>kill_as_group</c>): settings that
/// would be silently unused, or that two streams would fight over, are errors at the value.
/// </summary>
internal static class OutputValidator
{
    public static void Validate(ProgramDraft p, DiagnosticBag diagnostics)
    {
        CheckStream(p.Stdout, diagnostics);
        CheckStream(p.Stderr, diagnostics);
        if (p.MergeStderr is { Value: true } && p.Stderr is { } stderr)
        {
            diagnostics.Error(stderr.DefinedAt, $"program '{p.Name}' sets both {ConfigKeys.MergeStderr}: true and {ConfigKeys.Stderr}:",
                $"with {ConfigKeys.MergeStderr} its stderr goes where its stdout goes: remove '{ConfigKeys.Stderr}:' or '{ConfigKeys.MergeStderr}'");
        }
        else if (p.Stdout?.File is { } outFile && p.Stderr?.File is { } errFile && outFile.Value == errFile.Value)
        {
            diagnostics.Error(errFile.Location, $"stdout and stderr of program '{p.Name}' are both written to {errFile.Value}",
                $"two rotations of one file would fight; to write both streams to one file use {ConfigKeys.MergeStderr}: true");
        }
        if ((p.StopAsGroup?.Value ?? true) && p.KillAsGroup is { Value: false } kill)
        {
            diagnostics.Error(kill.Location, $"program '{p.Name}' signals its process group to stop but would SIGKILL the program alone",
                $"{ConfigKeys.KillAsGroup}: false needs {ConfigKeys.StopAsGroup}: false (what the stop signal reaches, SIGKILL must reach too)");
        }
    }

    private static void CheckStream(LogOutputDraft? o, DiagnosticBag diagnostics)
    {
        if (o is null) return;
        if (o.File is { } file && !file.Value.StartsWith('/'))
            diagnostics.Error(file.Location, $"invalid value for '{o.Key}.{ConfigKeys.LogFile}': '{file.Value}' is not an absolute path", "expected an absolute path, e.g. /var/log/web.log");
        if (o.Backups is { Value: < 0 } backups)
            diagnostics.Error(backups.Location, $"'{o.Key}.{ConfigKeys.LogBackups}' cannot be negative ({backups.Value})", "use 0 to truncate the file instead of keeping rotated copies");
        if (o.File is null)
        {
            foreach (var (key, at) in new[] { (ConfigKeys.LogMaxSize, o.MaxSize?.Location), (ConfigKeys.LogBackups, o.Backups?.Location) })
            {
                if (at is not null)
                    diagnostics.Error(at, $"'{o.Key}.{key}' is set but '{o.Key}' has no file", $"add '{ConfigKeys.LogFile}: /path/to/file' or remove '{key}'");
            }
        }
    }
}
