namespace Tend.Config;

/// <summary>
/// The key names of tend.yaml. They are a contract with users' files: renaming one breaks configs.
/// The aliases map names from supervisord and docker compose to ours, so people migrating get a
/// precise "did you mean" instead of a list.
/// </summary>
internal static class ConfigKeys
{
    public const string Programs = "programs";

    /// <summary>Top-level keys starting with this are ignored, as in compose: a home for YAML anchors.</summary>
    public const string ExtensionPrefix = "x-";

    public static readonly IReadOnlyList<string> TopLevel = [Programs];

    public const string Command = "command", Environment = "environment", WorkingDir = "working_dir", User = "user",
        Group = "group", Umask = "umask", Restart = "restart", ExitCodes = "exit_codes", StartSeconds = "start_seconds",
        StartRetries = "start_retries", Backoff = "backoff", StopSignal = "stop_signal", StopTimeout = "stop_timeout",
        Priority = "priority", Main = "main", Critical = "critical", AutoStart = "autostart", LogPrefix = "log_prefix",
        ForwardSignals = "forward_signals";

    public static readonly IReadOnlyList<string> Program =
    [
        Command, Environment, WorkingDir, User, Group, Umask, Restart, ExitCodes, StartSeconds, StartRetries,
        Backoff, StopSignal, StopTimeout, Priority, Main, Critical, AutoStart, LogPrefix, ForwardSignals,
    ];

    public const string BackoffInitial = "initial", BackoffMax = "max", BackoffReset = "reset";

    public static readonly IReadOnlyList<string> BackoffKeys = [BackoffInitial, BackoffMax, BackoffReset];

    /// <summary>Other tools' names for our keys (compared after lower-casing).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cmd"] = Command, ["args"] = Command, ["entrypoint"] = Command,
        ["env"] = Environment, ["environ"] = Environment,
        ["cwd"] = WorkingDir, ["directory"] = WorkingDir, ["workdir"] = WorkingDir, ["dir"] = WorkingDir,
        ["autorestart"] = Restart, ["restart_policy"] = Restart,
        ["stopwaitsecs"] = StopTimeout, ["stop_grace_period"] = StopTimeout,
        ["startsecs"] = StartSeconds,
        ["services"] = Programs, ["program"] = Programs,
    };
}
