using Tend.Model;

namespace Tend.Config.Crontab;

/// <summary>
/// Adds the jobs of a crontab file to a configuration: `tend run --crontab FILE [CONFIG]` and the
/// `crontab:` key of tend.yaml. Job names continue the cron-N numbering of the jobs already there.
/// </summary>
public static class CrontabLoader
{
    /// <summary>
    /// <paramref name="config"/> with the file's jobs added; <paramref name="system"/> null: decided
    /// by the path (/etc/crontab and /etc/cron.d/* have a user field).
    /// </summary>
    public static ConfigResult AddTo(TendConfig config, string path, bool? system, CrontabDialect dialect = CrontabDialect.Supercronic)
    {
        var diagnostics = new DiagnosticBag();
        var jobs = Read(path, system, null, NextNumber(config.Jobs), diagnostics, dialect);
        if (jobs is not null) UniqueNames.CheckJobs(config.Programs.Select(p => (p.Name, p.DefinedAt)), config.Jobs.Concat(jobs).Select(j => (j.Name, j.DefinedAt)), diagnostics);
        if (diagnostics.HasErrors || jobs is null) return new ConfigResult(null, diagnostics.ToSortedList());
        return new ConfigResult(config with { Jobs = [.. config.Jobs, .. jobs] }, diagnostics.ToSortedList());
    }

    /// <summary>Reads the file (null when it cannot be read, reported at <paramref name="referencedAt"/>).</summary>
    internal static List<JobSpec>? Read(string path, bool? system, SourceLocation? referencedAt, int firstNumber, DiagnosticBag diagnostics,
        CrontabDialect dialect = CrontabDialect.Supercronic)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "not found" : ErrorText.Of(e);
            diagnostics.Error(referencedAt, $"cannot read crontab file '{path}': {why}", "check the path (in tend.yaml it is relative to the YAML file)");
            return null;
        }
        return CrontabReader.Read(text, path, system ?? CrontabReader.IsSystemCrontab(path), diagnostics, firstNumber, dialect);
    }

    internal static int NextNumber(IEnumerable<JobSpec> existing)
    {
        var max = 0;
        foreach (var j in existing)
            if (j.Name.StartsWith(CrontabReader.NamePrefix, StringComparison.Ordinal) && int.TryParse(j.Name.AsSpan(CrontabReader.NamePrefix.Length), out var n))
                max = Math.Max(max, n);
        return max + 1;
    }
}
