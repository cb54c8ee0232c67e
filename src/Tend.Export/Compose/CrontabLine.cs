using Tend.Model;

namespace Tend.Export.Compose;

/// <summary>
/// A job as one crontab line ("SCHEDULE COMMAND"), the format `tend run --crontab` reads. A job
/// whose argv is `/bin/sh -c TEXT` (what a crontab line becomes) gives TEXT back; any other argv is
/// joined with single quotes so the shell the line runs in sees the same words. The crontab reader
/// reads a 6-field schedule as cronexpr does (the sixth field is the year), where tend.yaml's
/// sixth is seconds first: a tend.yaml schedule of 6 fields is written as 7 (seconds first, any
/// year), which both read the same. Written as 6, "*/5 * * * * *" ran every 5 minutes.
/// </summary>
internal static class CrontabLine
{
    public static string For(JobSpec job) => $"{Schedule(job.Schedule.Text)} {CommandText(job.Command)}";

    /// <summary>The schedule as the crontab reader reads it the same as tend.yaml does.</summary>
    public static string Schedule(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && !text.TrimStart().StartsWith('@') ? string.Join(' ', fields) + " *" : text;
    }

    public static string CommandText(IReadOnlyList<string> argv) =>
        argv is ["/bin/sh", "-c", var text] ? text : string.Join(' ', argv.Select(ShellQuote));

    internal static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '=' or ':' or ',' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
