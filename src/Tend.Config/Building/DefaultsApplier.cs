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
        Programs = config.Programs.Select(ToSpec).ToList(),
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
        };
    }

    private static BackoffSpec ToSpec(BackoffDraft b, BackoffSpec defaults) => defaults with
    {
        Initial = b.Initial?.Value ?? defaults.Initial,
        Max = b.Max?.Value ?? defaults.Max,
        Reset = b.Reset?.Value ?? defaults.Reset,
    };
}
