using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Step 2 of loading: the YAML tree to drafts. Checks shapes, types and formats; semantic rules
/// (ranges, names, at most one main) are left to <see cref="ConfigValidator"/>.
/// </summary>
internal static class ConfigReader
{
    private const string ExpectedRoot = "expected a mapping with a 'programs' key";
    private const string ExampleListener = "127.0.0.1:9090 (0.0.0.0:9090 listens on every interface)";
    private const string ExpectedPrograms = "expected a mapping of program names to their settings, e.g. 'web: {command: [nginx]}'";

    public static ConfigDraft Read(ConfigNode? root, string fileName, IReadOnlyDictionary<string, string> environment, DiagnosticBag diagnostics)
    {
        var ctx = new ReadContext(environment, diagnostics);
        var fileStart = new SourceLocation(fileName, 1, 1);
        var programs = new List<ProgramDraft>();

        if (root is null or ScalarNode { IsNull: true } or InvalidNode) return new(programs, fileStart);
        if (root is not MappingNode top)
        {
            diagnostics.Error(root.Location, $"the top level of the file is {root.KindDescription}", ExpectedRoot);
            return new(programs, fileStart);
        }

        var programsAt = fileStart;
        var declared = new List<string>();
        Located<string>? socket = null, http = null, crontab = null, crontabDialect = null;
        var jobs = new List<JobDraft>();
        var groups = new List<GroupDraft>();
        Located<long>? logBuffer = null;
        Located<HttpCredentials>? httpAuth = null;
        foreach (var (key, value) in top.Entries)
        {
            switch (key.Value)
            {
                case ConfigKeys.Programs:
                    programsAt = key.Location;
                    ReadPrograms(ctx, value, programs, declared);
                    break;
                case ConfigKeys.Jobs:
                    ReadJobs(ctx, value, jobs);
                    break;
                case ConfigKeys.Crontab:
                    crontab = ScalarReaders.String(ctx, key.Value, value);
                    break;
                case ConfigKeys.CrontabDialect:
                    crontabDialect = ScalarReaders.String(ctx, key.Value, value);
                    if (crontabDialect is { } d && !Crontab.CrontabDialects.TryParse(d.Value, out _))
                        diagnostics.Error(d.Location, $"invalid {ConfigKeys.CrontabDialect} '{d.Value}'", Crontab.CrontabDialects.Expected);
                    break;
                case ConfigKeys.Socket:
                    socket = ScalarReaders.String(ctx, key.Value, value);
                    break;
                case ConfigKeys.Http:
                    http = ScalarReaders.Address(ctx, key.Value, value, ExampleListener);
                    break;
                case ConfigKeys.HttpAuth:
                    httpAuth = HttpAuthReader.Read(ctx, key.Value, value);
                    break;
                case ConfigKeys.Groups:
                    GroupsReader.Read(ctx, value, groups);
                    break;
                case ConfigKeys.Include:
                    break; // merged into the tree before reading (IncludeResolver)
                case ConfigKeys.LogBuffer:
                    logBuffer = ScalarReaders.ByteSize(ctx, key.Value, value);
                    break;
                default:
                    if (!key.Value.StartsWith(ConfigKeys.ExtensionPrefix, StringComparison.Ordinal))
                    {
                        diagnostics.Error(key.Location, $"unknown top-level key '{key.Value}'",
                            KeySuggester.Hint(key.Value, ConfigKeys.TopLevel) + " (keys starting with 'x-' are ignored)");
                    }
                    break;
            }
        }
        return new(programs, programsAt) { DeclaredNames = declared, Socket = socket, Http = http, HttpAuth = httpAuth, Jobs = jobs, Crontab = crontab, CrontabDialect = crontabDialect, LogBuffer = logBuffer, Groups = groups };
    }

    private const string ExpectedJobs = "expected a mapping of job names to their settings, e.g. 'backup: {schedule: \"@daily\", command: [backup.sh]}'";

    private static void ReadJobs(ReadContext ctx, ConfigNode node, List<JobDraft> jobs)
    {
        if (node is ScalarNode { IsNull: true }) return;
        if (node is not MappingNode map) { ctx.Invalid(ConfigKeys.Jobs, node, ExpectedJobs); return; }
        foreach (var (name, settings) in map.Entries)
        {
            switch (settings)
            {
                case MappingNode m:
                    jobs.Add(JobReader.Read(ctx, name, m));
                    break;
                case ScalarNode { IsNull: true }:
                    jobs.Add(new JobDraft(name.Value, name.Location)); // reported as "no schedule", "no command"
                    break;
                case InvalidNode:
                    break;
                default:
                    ctx.Error(settings.Location, $"job '{name.Value}' is {settings.KindDescription}, not a mapping of settings",
                        $"write '{name.Value}:' followed by indented settings, e.g. 'schedule: \"@hourly\"' and 'command: [...]'");
                    break;
            }
        }
    }

    private static void ReadPrograms(ReadContext ctx, ConfigNode node, List<ProgramDraft> programs, List<string> declared)
    {
        if (node is ScalarNode { IsNull: true }) return;
        if (node is not MappingNode map) { ctx.Invalid(ConfigKeys.Programs, node, ExpectedPrograms); return; }

        foreach (var (name, settings) in map.Entries)
        {
            declared.Add(name.Value);
            switch (settings)
            {
                case MappingNode m:
                    programs.Add(ProgramReader.Read(ctx, name, m));
                    break;
                case ScalarNode { IsNull: true }:
                    programs.Add(new ProgramDraft(name.Value, name.Location)); // reported as "no command"
                    break;
                case InvalidNode:
                    break;
                default:
                    ctx.Error(settings.Location, $"program '{name.Value}' is {settings.KindDescription}, not a mapping of settings",
                        $"write '{name.Value}:' followed by indented settings, e.g. 'command: [...]'");
                    break;
            }
        }
    }
}
