using Tend.Model;

namespace Tend.Config;

/// <summary>Each job's own rules (name, schedule and command present), and names unique among programs and jobs.</summary>
internal static class JobValidator
{
    public static void Validate(ConfigDraft config, DiagnosticBag diagnostics)
    {
        foreach (var job in config.Jobs) Validate(job, diagnostics);
        UniqueNames.CheckJobs(
            config.Programs.Select(p => (p.Name, (SourceLocation?)p.DefinedAt)),
            config.Jobs.Select(j => (j.Name, (SourceLocation?)j.DefinedAt)).Concat(config.CrontabJobs.Select(j => (j.Name, j.DefinedAt))),
            diagnostics);
    }

    private static void Validate(JobDraft job, DiagnosticBag diagnostics)
    {
        if (!ProgramNames.HasValidSyntax(job.Name))
            diagnostics.Error(job.DefinedAt, $"invalid job name '{job.Name}'", ProgramNames.Rule);
        else if (ProgramNames.IsReserved(job.Name))
            diagnostics.Error(job.DefinedAt, $"the job name '{job.Name}' is reserved", "Tend uses 'tend' for its own log lines; choose another name");

        if (job.ScheduleAt is null)
            diagnostics.Error(job.DefinedAt, $"job '{job.Name}' has no schedule", "add e.g. 'schedule: \"*/5 * * * *\"', '@hourly' or '@every 30s'");

        if (job.CommandAt is null)
            diagnostics.Error(job.DefinedAt, $"job '{job.Name}' has no command", "add 'command: [\"program\", \"arg\"]' or 'command: program arg'");
        else if (job.Command is { } command)
        {
            if (command.Value.Count == 0 || command.Value[0].Length == 0)
                diagnostics.Error(command.Location, $"job '{job.Name}' has an empty command", CommandReader.Expected);
            if (command.Value.Any(a => a.Contains('\0')))
                diagnostics.Error(command.Location, $"the command of job '{job.Name}' contains a NUL character", "arguments cannot contain \\0");
        }
    }
}
