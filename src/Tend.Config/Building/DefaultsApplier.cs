using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Step 4 of loading: drafts to the immutable model. Every key that was not written keeps the
/// default declared on <see cref="ProgramSpec"/> and <see cref="BackoffSpec"/>, so defaults live in
/// one place for every configuration reader.
/// </summary>
internal static class DefaultsApplier
{
    public static TendConfig Apply(ConfigDraft config, string source) => new()
    {
        Programs = ProgramComposition.Compose(config, config.Programs.Select(d => (d, ToSpec(d))).ToList()),
        Jobs = [.. config.Jobs.Select(ToSpec), .. config.CrontabJobs],
        Socket = config.Socket?.Value,
        Http = config.Http?.Value,
        HttpAuth = config.HttpAuth?.Value,
        LogBuffer = config.LogBuffer?.Value ?? TendConfig.DefaultLogBuffer,
        Source = source,
    };

    private static ProgramSpec ToSpec(ProgramDraft d)
    {
        var spec = new ProgramSpec { Name = d.Name, Command = d.Command?.Value ?? [], DefinedAt = d.DefinedAt };
        var defaults = spec;
        return spec with
        {
            Environment = d.Environment?.Value ?? defaults.Environment,
            WorkingDir = d.WorkingDir?.Value ?? defaults.WorkingDir,
            User = d.User?.Value ?? defaults.User,
            Group = d.Group?.Value ?? defaults.Group,
            UserAt = d.User?.Location,
            GroupAt = d.Group?.Location,
            Umask = d.Umask?.Value ?? defaults.Umask,
            Restart = d.Restart?.Value ?? defaults.Restart,
            ExitCodes = d.ExitCodes is { } codes ? codes.Value.Select(c => c.Value).ToList() : defaults.ExitCodes,
            StartSeconds = d.StartSeconds?.Value ?? defaults.StartSeconds,
            StartRetries = d.StartRetries?.Value ?? defaults.StartRetries,
            Backoff = d.Backoff is { } b ? ToSpec(b, defaults.Backoff) : defaults.Backoff,
            StopSignal = d.StopSignal?.Value ?? defaults.StopSignal,
            StopTimeout = d.StopTimeout?.Value ?? defaults.StopTimeout,
            Priority = d.Priority?.Value ?? defaults.Priority,
            Main = d.Main?.Value ?? defaults.Main,
            Critical = d.Critical?.Value ?? defaults.Critical,
            AutoStart = d.AutoStart?.Value ?? defaults.AutoStart,
            LogPrefix = d.LogPrefix?.Value ?? defaults.LogPrefix,
            ForwardSignals = d.ForwardSignals is { } signals ? signals.Value.Select(s => s.Value).ToList() : defaults.ForwardSignals,
            DependsOn = d.DependsOn is { } dependencies
                ? dependencies.Value.Select(x => new DependencySpec(x.Name.Value, x.Condition.Value, x.Name.Location)).ToList()
                : defaults.DependsOn,
            OnDependencyFailure = d.OnDependencyFailure?.Value ?? defaults.OnDependencyFailure,
            RestartWith = d.RestartWith is { } restartWith ? restartWith.Value.Select(r => r.Value).ToList() : defaults.RestartWith,
            Readiness = d.Readiness is { } readiness ? ToSpec(readiness) : defaults.Readiness,
            Liveness = d.Liveness is { } liveness ? ToSpec(liveness) : defaults.Liveness,
            Startup = d.Startup is { } startup ? ToSpec(startup) : defaults.Startup,
            ReadyLogLine = d.ReadyLogLine?.Value ?? defaults.ReadyLogLine,
            CountsForHealth = d.CountsForHealth?.Value ?? defaults.CountsForHealth,
            SdNotify = d.SdNotify?.Value ?? defaults.SdNotify,
            Sockets = d.Sockets?.Value ?? defaults.Sockets,
            Persistent = d.Persistent?.Value ?? defaults.Persistent,
            Stdout = d.Stdout is { } stdout ? ToSpec(stdout, ConsoleStream.Stdout) : defaults.Stdout,
            Stderr = d.Stderr is { } stderr ? ToSpec(stderr, ConsoleStream.Stderr) : defaults.Stderr,
            RedirectStderr = d.MergeStderr?.Value ?? defaults.RedirectStderr,
            StopAsGroup = d.StopAsGroup?.Value ?? defaults.StopAsGroup,
            KillAsGroup = d.KillAsGroup?.Value ?? defaults.KillAsGroup,
            Limits = d.Limits is { Value.IsEmpty: false } limits ? limits.Value : defaults.Limits,
            Rlimits = d.Rlimits?.Value ?? defaults.Rlimits,
            OomScoreAdj = d.OomScoreAdj?.Value ?? defaults.OomScoreAdj,
        };
    }

    /// <summary>
    /// A stream with a file still goes to the console unless told <c>console: none</c>: in a
    /// container `docker logs` is where people look first.
    /// </summary>
    private static LogOutputSpec ToSpec(LogOutputDraft o, ConsoleStream natural)
    {
        var console = o.Console?.Value.Trim().ToLowerInvariant() switch
        {
            "none" => (ConsoleStream?)null,
            "stdout" => ConsoleStream.Stdout,
            "stderr" => ConsoleStream.Stderr,
            _ => natural,
        };
        var file = o.File is { } path
            ? new LogFileSpec(path.Value)
            {
                MaxBytes = o.MaxSize?.Value ?? LogFileSpec.DefaultMaxBytes,
                Backups = o.Backups?.Value ?? LogFileSpec.DefaultBackups,
                DefinedAt = path.Location,
            }
            : null;
        return new LogOutputSpec { Console = console, File = file };
    }

    /// <summary>Only called for a valid job: it has a schedule and a command.</summary>
    private static JobSpec ToSpec(JobDraft d)
    {
        var defaults = new JobSpec { Name = d.Name, Schedule = d.Schedule!.Value, Command = d.Command?.Value ?? [], DefinedAt = d.DefinedAt };
        return defaults with
        {
            Environment = d.Environment?.Value ?? defaults.Environment,
            User = d.User?.Value ?? defaults.User,
            UserAt = d.User?.Location,
            WorkingDir = d.WorkingDir?.Value ?? defaults.WorkingDir,
            Timeout = d.Timeout?.Value ?? defaults.Timeout,
            TimeZone = d.TimeZone?.Value ?? defaults.TimeZone,
            Concurrency = d.Concurrency?.Value ?? defaults.Concurrency,
            StopSignal = d.StopSignal?.Value ?? defaults.StopSignal,
            StopTimeout = d.StopTimeout?.Value ?? defaults.StopTimeout,
            LogPrefix = d.LogPrefix?.Value ?? defaults.LogPrefix,
        };
    }

    /// <summary>Only called for a valid probe: it has exactly one check.</summary>
    private static ProbeSpec ToSpec(ProbeDraft p)
    {
        var defaults = new ProbeSpec { Kind = p.Checks[0].Value };
        return defaults with
        {
            Command = p.Exec?.Value ?? defaults.Command,
            Url = p.Url?.Value ?? defaults.Url,
            Address = p.Address?.Value ?? defaults.Address,
            Interval = p.Interval?.Value ?? defaults.Interval,
            Timeout = p.Timeout?.Value ?? defaults.Timeout,
            InitialDelay = p.InitialDelay?.Value ?? defaults.InitialDelay,
            FailureThreshold = p.FailureThreshold?.Value ?? defaults.FailureThreshold,
            SuccessThreshold = p.SuccessThreshold?.Value ?? defaults.SuccessThreshold,
            InsecureSkipVerify = p.InsecureSkipVerify?.Value ?? defaults.InsecureSkipVerify,
            DefinedAt = p.DefinedAt,
        };
    }

    private static BackoffSpec ToSpec(BackoffDraft b, BackoffSpec defaults) => defaults with
    {
        Initial = b.Initial?.Value ?? defaults.Initial,
        Max = b.Max?.Value ?? defaults.Max,
        Reset = b.Reset?.Value ?? defaults.Reset,
    };
}
