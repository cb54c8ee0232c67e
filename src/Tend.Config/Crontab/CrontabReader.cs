using Tend.Model;
using Tend.Scheduling;

namespace Tend.Config.Crontab;

/// <summary>
/// Reads a crontab file the way supercronic does (and so cronexpr's fields), or, in the
/// <see cref="CrontabDialect.Cron"/> dialect, the way cron does, so a file used with either in a
/// container works as is:
///   - blank lines and lines starting with '#' are ignored;
///   - `NAME=value` (spaces around '=' allowed, value optionally in '' or "") sets a variable:
///     for the whole file, as supercronic applies them (the last value of a name wins), or, in the
///     cron dialect, for the job lines after it. SHELL picks the shell that runs the commands
///     (/bin/sh), CRON_TZ the zone the schedules are read in (else local time: TZ, /etc/localtime);
///   - a job line is a schedule then the command, run as `SHELL -c COMMAND`: 5 fields, 6 fields
///     (cronexpr's: the sixth is the year), 7 fields (seconds first, year last), an @-shorthand or
///     `@every DURATION`. The longest of 7, 6 and 5 fields that reads as a schedule wins, as in
///     supercronic. The year field is honoured: no run outside the years it lists;
///   - in a system crontab (/etc/crontab, /etc/cron.d/*, or `--system-crontab`), a user name
///     follows the schedule; it is used when Tend runs as root and ignored (with a warning at run
///     time) otherwise.
/// Each job line becomes a job named cron-N, N counting job lines from 1 in file order (comments
/// and variable lines do not count, so adding one does not rename the jobs after it).
/// '%' in a command is passed to the shell as is (supercronic does the same); the cron dialect
/// reads it as cron does (<see cref="CronPercent"/>) and runs `@reboot` once at Tend's start.
/// Every bad line is reported, with its file:line, in one run.
/// </summary>
internal static class CrontabReader
{
    public const string NamePrefix = "cron-";

    /// <summary>Files cron itself reads with a user field.</summary>
    public static bool IsSystemCrontab(string path)
    {
        var full = Path.GetFullPath(path);
        return full == "/etc/crontab" || Path.GetDirectoryName(full) == "/etc/cron.d";
    }

    public static List<JobSpec> Read(string text, string fileName, bool system, DiagnosticBag diagnostics, int firstNumber = 1,
        CrontabDialect dialect = CrontabDialect.Supercronic)
    {
        var jobs = new List<JobSpec>();
        var lines = text.Split('\n');
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dialect == CrontabDialect.Supercronic)
        {
            // supercronic keeps one environment for the file: every job sees every variable line.
            for (var i = 0; i < lines.Length; i++)
                if (TryEnvironmentLine(lines[i].TrimEnd('\r').Trim(), out var name, out var value))
                    environment[name] = value;
            ReportUnknownZone(environment, lines, fileName, diagnostics); // and read on: every bad line is reported in one run
        }
        var number = firstNumber;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            var at = new SourceLocation(fileName, i + 1);
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryEnvironmentLine(line, out var name, out var value))
            {
                if (dialect == CrontabDialect.Cron) environment[name] = value;
                continue;
            }
            var job = ReadJobLine(line, at, system, dialect, environment, diagnostics, lines[i].Length - lines[i].TrimStart().Length);
            var jobName = NamePrefix + number++;
            if (job is not null) jobs.Add(job with { Name = jobName });
        }
        return jobs;
    }

    /// <summary>A file-wide CRON_TZ that does not name a zone is reported once, at its line (the last one, which wins).</summary>
    private static void ReportUnknownZone(Dictionary<string, string> environment, string[] lines, string fileName, DiagnosticBag diagnostics)
    {
        if (!environment.TryGetValue("CRON_TZ", out var zone) || zone.Length == 0 || TimeZones.TryFind(zone, out _, out var error)) return;
        var line = Array.FindLastIndex(lines, l => TryEnvironmentLine(l.TrimEnd('\r').Trim(), out var n, out _) && n == "CRON_TZ");
        diagnostics.Error(new SourceLocation(fileName, line + 1), $"CRON_TZ: {error}", "use an IANA zone id such as Europe/Paris or UTC");
    }

    /// <summary>`NAME=value`: a job line starts with a digit, '*', '@' or another cron character, never NAME=.</summary>
    internal static bool TryEnvironmentLine(string line, out string name, out string value)
    {
        name = value = "";
        var eq = line.IndexOf('=');
        if (eq <= 0) return false;
        var left = line[..eq].TrimEnd();
        if (left.Length == 0 || !(char.IsAsciiLetter(left[0]) || left[0] == '_') || !left.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return false;
        name = left;
        value = line[(eq + 1)..].Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
        return true;
    }

    private static JobSpec? ReadJobLine(string line, SourceLocation at, bool system, CrontabDialect dialect, Dictionary<string, string> environment,
        DiagnosticBag diagnostics, int indent = 0)
    {
        var tokens = Tokens(line);
        JobSchedule? schedule = null;
        var used = 0;
        string? firstError = null;
        if (dialect == CrontabDialect.Cron && tokens[0].Text.Equals(RebootSchedule.Word, StringComparison.OrdinalIgnoreCase))
        {
            schedule = new RebootSchedule();
            used = 1;
        }
        else if (line[0] == '@')
        {
            used = tokens[0].Text.Equals("@every", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
            if (tokens.Count >= used)
            {
                var text = string.Join(' ', tokens.Take(used).Select(t => t.Text));
                if (JobSchedule.TryParse(text, CronDialect.Cronexpr, out var parsed, out var error)) schedule = parsed;
                else firstError = error;
            }
        }
        else
        {
            foreach (var count in (int[])[7, 6, 5])
            {
                // Leave room for the command (and the user of a system crontab).
                if (tokens.Count < count + (system ? 2 : 1)) continue;
                var fields = tokens.Take(count).Select(t => t.Text).ToArray();
                if (JobSchedule.TryParse(string.Join(' ', fields), CronDialect.Cronexpr, out var parsed, out var error))
                {
                    // Stored unambiguously: cronexpr's 6 fields (year last) become 7 with second 0,
                    // which read the same in either dialect.
                    schedule = count == 6 ? JobSchedule.Parse("0 " + string.Join(' ', fields), CronDialect.Cronexpr) : parsed;
                    used = count;
                    break;
                }
                if (count == 5) firstError = error; // the usual form: its error is the one worth showing
            }
        }
        if (schedule is null && dialect == CrontabDialect.Supercronic && tokens[0].Text.Equals(RebootSchedule.Word, StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Error(at, "@reboot is not in supercronic's reading of crontab files",
                "read the file as cron does (tend run --crontab-dialect cron, or crontab_dialect: cron in tend.yaml): it runs once when Tend starts");
            return null;
        }
        if (schedule is null)
        {
            diagnostics.Error(at, tokens.Count < (system ? 7 : 6) && line[0] != '@'
                    ? $"incomplete crontab line: {(system ? "expected 5 time fields, a user and a command" : "expected 5 time fields and a command")}"
                    : $"invalid schedule in crontab line: {firstError}",
                system ? "write e.g. '*/5 * * * * root /usr/local/bin/task', or NAME=value" : "write e.g. '*/5 * * * * /usr/local/bin/task', or NAME=value");
            return null;
        }

        string? user = null;
        SourceLocation? userAt = null;
        if (system)
        {
            if (tokens.Count <= used + 1)
            {
                diagnostics.Error(at, "a system crontab line needs a user and a command after the schedule", "write e.g. '0 3 * * * root /usr/local/bin/backup'");
                return null;
            }
            user = tokens[used].Text;
            userAt = at with { Column = tokens[used].Start + 1 + indent };
            used++;
        }
        if (tokens.Count <= used)
        {
            diagnostics.Error(at, "the crontab line has a schedule but no command", "write the command after the schedule");
            return null;
        }
        var command = line[tokens[used].Start..].Trim();
        if (dialect == CrontabDialect.Cron) command = CronPercent.Rewrite(command);
        if (dialect == CrontabDialect.Cron && environment.TryGetValue("CRON_TZ", out var zone) && zone.Length > 0 && !TimeZones.TryFind(zone, out _, out var zoneError))
        {
            diagnostics.Error(at, $"CRON_TZ: {zoneError}", "use an IANA zone id such as Europe/Paris or UTC");
            return null;
        }
        var shell = environment.TryGetValue("SHELL", out var s) && s.Length > 0 ? s : "/bin/sh";
        return new JobSpec
        {
            Name = "",
            Schedule = schedule,
            Command = [shell, "-c", command],
            Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal),
            User = user,
            UserAt = userAt,
            TimeZone = environment.TryGetValue("CRON_TZ", out var tz) && tz.Length > 0 ? tz : null,
            DefinedAt = at,
        };
    }

    private static List<(string Text, int Start)> Tokens(string line)
    {
        var tokens = new List<(string, int)>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i >= line.Length) break;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add((line[start..i], start));
        }
        return tokens;
    }
}
