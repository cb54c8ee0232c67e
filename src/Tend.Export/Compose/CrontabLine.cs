using System.Text.RegularExpressions;
using Tend.Model;

namespace Tend.Export.Compose;

/// <summary>
/// A job as one crontab line ("SCHEDULE COMMAND"), the format `tend run --crontab` reads. A job
/// whose argv is `/bin/sh -c TEXT` (what a crontab line becomes) gives TEXT back; any other argv is
/// joined with single quotes so the shell the line runs in sees the same words. The crontab reader
/// reads a 6-field schedule as cronexpr does (the sixth field is the year), where tend.yaml's
/// sixth is seconds first: a tend.yaml schedule of 6 fields is written as 7 (seconds first, any
/// year), which both read the same. Written as 6, "*/5 * * * * *" ran every 5 minutes.
/// <para>What supercronic's reading (the default) cannot say is written in cron's
/// (<see cref="NeedsCronDialect"/>, run with `--crontab-dialect cron`): <c>@reboot</c>, and a
/// command of several lines, such as a cron line's <c>%</c> standard input (which the reader made a
/// here document): cron's <c>%</c> gives it back, and a literal <c>%</c> is written <c>\%</c>.
/// Written in supercronic's reading the here document's lines became lines of their own.</para>
/// </summary>
internal static partial class CrontabLine
{
    public static string For(JobSpec job)
    {
        var text = CommandText(job.Command);
        return NeedsCronDialect(job) ? $"{Schedule(job.Schedule.Text)} {InCronDialect(text)}" : $"{Schedule(job.Schedule.Text)} {text}";
    }

    /// <summary>The line must be read in cron's dialect: @reboot, or a command of several lines.</summary>
    public static bool NeedsCronDialect(JobSpec job) =>
        job.Schedule.Text.Trim().Equals("@reboot", StringComparison.OrdinalIgnoreCase) || CommandText(job.Command).Contains('\n');

    /// <summary>The schedule as the crontab reader reads it the same as tend.yaml does.</summary>
    public static string Schedule(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && !text.TrimStart().StartsWith('@') ? string.Join(' ', fields) + " *" : text;
    }

    public static string CommandText(IReadOnlyList<string> argv) =>
        argv is ["/bin/sh", "-c", var text] ? text : string.Join(' ', argv.Select(ShellQuote));

    /// <summary>
    /// TEXT as cron's command field: the here document the cron reader made of `COMMAND%INPUT`
    /// becomes that again; any other text of several lines is the standard input of a shell that
    /// runs it (`/bin/sh%LINE%LINE`); every literal '%' is '\%'.
    /// </summary>
    internal static string InCronDialect(string text)
    {
        static string Escape(string s) => s.Replace("%", "\\%", StringComparison.Ordinal);
        if (HereDocument().Match(text) is { Success: true } m)
            return $"{Escape(m.Groups["head"].Value)}%{Escape(m.Groups["input"].Value).Replace("\n", "%", StringComparison.Ordinal)}";
        return text.Contains('\n') ? "/bin/sh%" + Escape(text).Replace("\n", "%", StringComparison.Ordinal) : Escape(text);
    }

    internal static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '=' or ':' or ',' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>What Config.Crontab.CronPercent writes for `COMMAND%INPUT`.</summary>
    [GeneratedRegex(@"\A\{ (?<head>[^\n]*)\n\} <<'(?<d>TEND_CRON_STDIN(?:_\d+)?)'\n(?<input>.*)\n\k<d>\z", RegexOptions.Singleline)]
    private static partial Regex HereDocument();
}
