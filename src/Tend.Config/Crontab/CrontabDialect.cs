namespace Tend.Config.Crontab;

/// <summary>
/// How a crontab file is read: the two programs that read crontabs in containers disagree on a
/// few things, and a file written for one can break under the other. Chosen with
/// `--crontab-dialect` (tend run, tend check) or `crontab_dialect:` in tend.yaml.
/// </summary>
public enum CrontabDialect
{
    /// <summary>
    /// supercronic's reading (the default): `NAME=value` lines hold for the whole file (the last
    /// value of a name wins), `%` reaches the shell as is, `@reboot` is refused.
    /// </summary>
    Supercronic,

    /// <summary>
    /// cron's reading (Vixie cron, cronie, Debian's cron): `NAME=value` lines hold for the job
    /// lines after them; an unescaped `%` ends the command and what follows is its standard input
    /// (each further `%` a newline), `\%` is a literal `%`; `@reboot` runs once when Tend starts.
    /// </summary>
    Cron,
}

/// <summary>The dialect names, as the option and the key take them.</summary>
public static class CrontabDialects
{
    public const string Expected = "expected 'supercronic' (the default) or 'cron'";

    public static bool TryParse(string? text, out CrontabDialect dialect)
    {
        dialect = CrontabDialect.Supercronic;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "supercronic": return true;
            case "cron": dialect = CrontabDialect.Cron; return true;
            default: return false;
        }
    }
}
