namespace Tend.Config;

/// <summary>Reads one program's settings mapping into a <see cref="ProgramDraft"/>, key by key.</summary>
internal static class ProgramReader
{
    public static ProgramDraft Read(ReadContext ctx, ScalarNode nameKey, MappingNode settings)
    {
        var draft = new ProgramDraft(nameKey.Value, nameKey.Location);
        foreach (var (key, value) in settings.Entries) ReadKey(ctx, draft, key, value);
        draft.Environment = EnvFileReader.Merge(draft.EnvFile, draft.Environment); // environment: wins over every file
        return draft;
    }

    private static void ReadKey(ReadContext ctx, ProgramDraft d, ScalarNode key, ConfigNode value)
    {
        var k = key.Value;
        switch (k)
        {
            case ConfigKeys.Command:
                d.CommandAt = value.Location;
                d.Command = CommandReader.Read(ctx, value);
                break;
            case ConfigKeys.Environment: d.Environment = EnvironmentReader.Read(ctx, value); break;
            case ConfigKeys.EnvFile: d.EnvFile = EnvFileReader.Read(ctx, value); break;
            case ConfigKeys.WorkingDir: d.WorkingDir = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.User: d.User = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.Group: d.Group = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.Umask: d.Umask = ScalarReaders.Umask(ctx, k, value); break;
            case ConfigKeys.Restart:
                d.Restart = ScalarReaders.Restart(ctx, k, value);
                d.RestartInvalid = d.Restart is null && value is not ScalarNode { IsNull: true };
                break;
            case ConfigKeys.ExitCodes: d.ExitCodes = ScalarReaders.List(ctx, k, value, ScalarReaders.Int); break;
            case ConfigKeys.StartSeconds: d.StartSeconds = ScalarReaders.Duration(ctx, k, value); break;
            case ConfigKeys.StartRetries: d.StartRetries = ScalarReaders.Int(ctx, k, value); break;
            case ConfigKeys.Backoff: d.Backoff = BackoffReader.Read(ctx, value); break;
            case ConfigKeys.StopSignal: d.StopSignal = ScalarReaders.Signal(ctx, k, value); break;
            case ConfigKeys.StopTimeout: d.StopTimeout = ScalarReaders.Duration(ctx, k, value); break;
            case ConfigKeys.Priority: d.Priority = ScalarReaders.Int(ctx, k, value); break;
            case ConfigKeys.Main: d.Main = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.Critical: d.Critical = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.AutoStart: d.AutoStart = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.LogPrefix: d.LogPrefix = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.ForwardSignals: d.ForwardSignals = ScalarReaders.List(ctx, k, value, ScalarReaders.Signal); break;
            case ConfigKeys.DependsOn:
                d.DependsOnAt = key.Location;
                d.DependsOn = DependsOnReader.Read(ctx, value);
                break;
            case ConfigKeys.OnDependencyFailure: d.OnDependencyFailure = ScalarReaders.OnDependencyFailure(ctx, k, value); break;
            case ConfigKeys.RestartWith: d.RestartWith = DependsOnReader.ReadNames(ctx, k, value); break;
            case ConfigKeys.Readiness: d.Readiness = ProbeReader.Read(ctx, k, value); break;
            case ConfigKeys.Liveness: d.Liveness = ProbeReader.Read(ctx, k, value); break;
            case ConfigKeys.Startup: d.Startup = ProbeReader.Read(ctx, k, value); break;
            case ConfigKeys.ReadyLogLine: d.ReadyLogLine = ReadyLogLineReader.Read(ctx, k, value); break;
            case ConfigKeys.Health: d.CountsForHealth = ScalarReaders.Health(ctx, k, value); break;
            case ConfigKeys.Notify: d.SdNotify = ScalarReaders.Notify(ctx, k, value); break;
            case ConfigKeys.Sockets: d.Sockets = SocketsReader.Read(ctx, d.Name, value); break;
            case ConfigKeys.Persistent: d.Persistent = PersistentReader.Read(ctx, value); break;
            case ConfigKeys.Stdout: d.Stdout = LogOutputDraftReader.Read(ctx, k, value); break;
            case ConfigKeys.Stderr: d.Stderr = LogOutputDraftReader.Read(ctx, k, value); break;
            case ConfigKeys.MergeStderr: d.MergeStderr = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.StopAsGroup: d.StopAsGroup = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.KillAsGroup: d.KillAsGroup = ScalarReaders.Bool(ctx, k, value); break;
            case ConfigKeys.Replicas: d.Replicas = ScalarReaders.Int(ctx, k, value); break;
            case ConfigKeys.ReplicaName: d.ReplicaName = ScalarReaders.String(ctx, k, value); break;
            case ConfigKeys.Limits: d.Limits = LimitsReader.ReadLimits(ctx, value); break;
            case ConfigKeys.Rlimits: d.Rlimits = LimitsReader.ReadRlimits(ctx, value); break;
            case ConfigKeys.OomScoreAdj: d.OomScoreAdj = LimitsReader.ReadOomScoreAdj(ctx, value); break;
            default:
                ctx.Error(key.Location, $"unknown key '{k}' in program '{d.Name}'", KeySuggester.Hint(k, ConfigKeys.Program));
                break;
        }
    }
}
