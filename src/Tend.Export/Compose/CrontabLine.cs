using Tend.Model;

namespace Tend.Export.Compose;

/// <summary>
/// A job as one crontab line ("SCHEDULE COMMAND"), the format `tend run --crontab` reads. A job
/// whose argv is `/bin/sh -c TEXT` (what a crontab line becomes) gives TEXT back; any other argv is
/// joined with single quotes so the shell the line runs in sees the same words.
/// </summary>
internal static class CrontabLine
{
    public static string For(JobSpec job) => $"{job.Schedule.Text} {CommandText(job.Command)}";

    public static string CommandText(IReadOnlyList<string> argv) =>
        argv is ["/bin/sh", "-c", var text] ? text : string.Join(' ', argv.Select(ShellQuote));

    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '=' or ':' or ',' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
