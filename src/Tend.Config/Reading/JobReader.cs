using Tend.Model;
using Tend.Scheduling;

namespace Tend.Config;

/// <summary>
/// Reads one job's settings under 'jobs:'. The schedule and the time zone are checked here, where
/// their text is: a schedule Cronos cannot read or a zone the system does not know is an error at
/// the value, not at the first run.
/// </summary>
internal static class JobReader
{
    private static readonly IReadOnlyList<(string Name, JobConcurrency Value)> ConcurrencyChoices =
        [("forbid", JobConcurrency.Forbid), ("allow", JobConcurrency.Allow), ("replace", JobConcurrency.Replace)];

    private static readonly IReadOnlyDictionary<string, string> ConcurrencySynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["skip"] = "forbid", ["none"] = "forbid", ["no"] = "forbid", ["false"] = "forbid",
        ["parallel"] = "allow", ["overlap"] = "allow", ["true"] = "allow", ["yes"] = "allow",
        ["restart"] = "replace", ["kill"] = "replace",
    };

    public static JobDraft Read(ReadContext ctx, ScalarNode nameKey, MappingNode settings)
    {
        var draft = new JobDraft(nameKey.Value, nameKey.Location);
        foreach (var (key, value) in settings.Entries) ReadKey(ctx, draft, key, value);
        draft.Environment = EnvFileReader.Merge(draft.EnvFile, draft.Environment); // environment: wins over every file
        return draft;
    }

    private static void ReadKey(ReadContext ctx, JobDraft d, ScalarNode key, ConfigNode value)
    {
        var k = key.Value;
        switch (k)
        {
            case ConfigKeys.Schedule:
                d.ScheduleAt = value.Location;
                d.Schedule = Schedule(ctx, k, value);
                break;
            case ConfigKeys.Command:
                d.CommandAt = value.Location;
                d.Command = CommandReader.Read(ctx, value);
                break;
            case ConfigKeys.Environment: d.Environment = EnvironmentReader.Read(ctx, value); break;
            case ConfigKeys.EnvFile: d.EnvFile = EnvFileReader.Read(ctx, value); break;
            case ConfigKeys.User: d.User = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.WorkingDir: d.WorkingDir = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.Timeout: d.Timeout = ScalarReaders.Duration(ctx, k, value); break;
            case ConfigKeys.TimeZone: d.TimeZone = Zone(ctx, k, value); break;
            case ConfigKeys.Concurrency: d.Concurrency = ScalarReaders.Choice(ctx, k, value, ConcurrencyChoices, ConcurrencySynonyms); break;
            case ConfigKeys.StopSignal: d.StopSignal = ScalarReaders.Signal(ctx, k, value); break;
            case ConfigKeys.StopTimeout: d.StopTimeout = ScalarReaders.Duration(ctx, k, value); break;
            case ConfigKeys.LogPrefix: d.LogPrefix = ScalarReaders.Bool(ctx, k, value); break;
            default:
                ctx.Error(key.Location, $"unknown key '{k}' in job '{d.Name}'", KeySuggester.Hint(k, ConfigKeys.Job));
                break;
        }
    }

    private static Located<JobSchedule>? Schedule(ReadContext ctx, string key, ConfigNode node)
    {
        var text = ScalarReaders.String(ctx, key, node);
        if (text is null)
        {
            if (node is ScalarNode) ctx.Error(node.Location, "the schedule is empty", JobSchedule.Expected);
            return null;
        }
        if (JobSchedule.TryParse(text.Value, CronDialect.SecondsFirst, out var schedule, out var error)) return new(schedule, text.Location);
        ctx.Error(node.Location, $"invalid schedule '{text.Value}': {error}", JobSchedule.Expected);
        return null;
    }

    private static Located<string>? Zone(ReadContext ctx, string key, ConfigNode node)
    {
        var text = ScalarReaders.String(ctx, key, node);
        if (text is null) return null;
        if (TimeZones.TryFind(text.Value, out _, out var error)) return text;
        ctx.Error(node.Location, error, "use an IANA zone id such as Europe/Paris, America/New_York or UTC (from /usr/share/zoneinfo; install the tzdata package if it is missing)");
        return null;
    }
}
