namespace Tend.Config;

/// <summary>
/// Everything a verb was given to build its configuration from: a file or tree (any format), or an
/// s6-overlay root, the command after --, and a crontab. `tend run`, its reload, `tend check`,
/// `export` and `convert` all describe their input this way and hand it to <see cref="ConfigPipeline"/>,
/// so they cannot disagree on what the same input means.
/// </summary>
public sealed record ConfigSources
{
    /// <summary>A tend.yaml, supervisord.conf, runit tree or s6-overlay root (without a CMD).</summary>
    public string? Path { get; init; }

    /// <summary>`--root DIR`: an s6-overlay root whose CMD is <see cref="Command"/>.</summary>
    public string? S6Root { get; init; }

    /// <summary>The argv after --: s6-overlay's CMD with <see cref="S6Root"/>, else the main program.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>`--crontab FILE` or `--system-crontab FILE`: jobs added to the configuration, or alone.</summary>
    public CrontabSource? Crontab { get; init; }

    /// <summary>False when there is nothing to read (only a command after --): nothing to reload either.</summary>
    public bool HasConfiguration => Path is not null || S6Root is not null || Crontab is not null;
}

/// <param name="Path">The crontab file.</param>
/// <param name="System">True for a system crontab (a user field after the schedule); null: decided by the path.</param>
/// <param name="Dialect">`--crontab-dialect`: supercronic's reading (the default) or cron's.</param>
public sealed record CrontabSource(string Path, bool? System, Crontab.CrontabDialect Dialect = Crontab.CrontabDialect.Supercronic);
