using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The one way every verb turns its <see cref="ConfigSources"/> into a model: read (any format,
/// <see cref="ConfigLoader"/>: each reader validates its own dialect and applies the model's
/// defaults) → compose (a crontab's jobs, the command after -- as the main program) → the rules every
/// format keeps (<see cref="ModelRules"/>: names, main, dependencies, cycles) → the account
/// check, when a database is given (`run` and `check` check this machine's users; `export` and
/// `convert` write for another machine and do not). `tend run` calls it again on each reload, so a
/// reload composes exactly as the start did.
/// </summary>
public static class ConfigPipeline
{
    public static ConfigResult Load(ConfigSources sources, IReadOnlyDictionary<string, string> environment, IAccountDatabase? accounts)
    {
        var result = Read(sources, environment);
        if (sources.Crontab is { } cron) result = AddCrontab(result, cron);
        if (sources.S6Root is null && sources.Command.Count > 0) result = AddMain(result, sources.Command);
        result = CheckModel(result);
        return accounts is null ? result : AccountCheck.Apply(result, accounts);
    }

    /// <summary>The file or tree; with only a crontab (supercronic's use), an empty configuration named after it.</summary>
    private static ConfigResult Read(ConfigSources sources, IReadOnlyDictionary<string, string> environment)
    {
        if (sources.S6Root is { } root) return ConfigLoader.LoadS6Overlay(root, sources.Command, environment);
        if (sources.Path is { } path) return ConfigLoader.Load(path, environment);
        return new ConfigResult(new TendConfig { Source = sources.Crontab?.Path }, []);
    }

    private static ConfigResult AddCrontab(ConfigResult result, CrontabSource cron)
    {
        if (result.Config is null || result.HasErrors) return result;
        var added = Crontab.CrontabLoader.AddTo(result.Config, cron.Path, cron.System, cron.Dialect);
        return added with { Diagnostics = [.. result.Diagnostics, .. added.Diagnostics] };
    }

    /// <summary>The rules every format keeps (<see cref="ModelRules"/>), on the composed model; an error withholds it.</summary>
    private static ConfigResult CheckModel(ConfigResult result)
    {
        if (result.Config is null || result.HasErrors) return result;
        var diagnostics = new DiagnosticBag();
        ModelRules.Check(result.Config, diagnostics);
        return new ConfigResult(diagnostics.HasErrors ? null : result.Config, [.. result.Diagnostics, .. diagnostics.ToSortedList()]);
    }

    private static ConfigResult AddMain(ConfigResult result, IReadOnlyList<string> argv)
    {
        if (result.Config is null || result.HasErrors) return result;
        var diagnostics = new DiagnosticBag();
        var programs = MainProgram.AddTo(result.Config.Programs, argv, diagnostics);
        return new ConfigResult(result.Config with { Programs = programs }, [.. result.Diagnostics, .. diagnostics.ToSortedList()]);
    }
}
