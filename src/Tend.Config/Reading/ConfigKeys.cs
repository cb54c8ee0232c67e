namespace Tend.Config;

/// <summary>
/// The key names of tend.yaml. They are a contract with users' files: renaming one breaks configs.
/// The aliases map names from supervisord and docker compose to ours, so people migrating get a
/// precise "did you mean" instead of a list.
/// </summary>
public static class ConfigKeys
{
    public const string Programs = "programs", Socket = "socket", Http = "http", Jobs = "jobs", Crontab = "crontab", CrontabDialect = "crontab_dialect", LogBuffer = "log_buffer",
        HttpAuth = "http_auth", Include = "include", Groups = "groups";

    /// <summary>Top-level keys starting with this are ignored, as in compose: a home for YAML anchors.</summary>
    public const string ExtensionPrefix = "x-";

    public static readonly IReadOnlyList<string> TopLevel = [Programs, Jobs, Crontab, CrontabDialect, Socket, Http, HttpAuth, LogBuffer, Include, Groups];

    public const string Schedule = "schedule", Timeout = "timeout", TimeZone = "timezone", Concurrency = "concurrency";

    /// <summary>The keys of one entry under 'jobs:'.</summary>
    public static readonly IReadOnlyList<string> Job =
    [
        Schedule, Command, Environment, EnvFile, User, WorkingDir, Timeout, TimeZone, Concurrency, StopSignal, StopTimeout, LogPrefix,
    ];

    public const string Command = "command", Environment = "environment", EnvFile = "env_file", WorkingDir = "working_dir", User = "user",
        Group = "group", Umask = "umask", Restart = "restart", ExitCodes = "exit_codes", StartSeconds = "start_seconds",
        StartRetries = "start_retries", Backoff = "backoff", StopSignal = "stop_signal", StopTimeout = "stop_timeout",
        Priority = "priority", Main = "main", Critical = "critical", AutoStart = "autostart", LogPrefix = "log_prefix",
        ForwardSignals = "forward_signals", DependsOn = "depends_on", OnDependencyFailure = "on_dependency_failure",
        RestartWith = "restart_with", Readiness = "readiness", Liveness = "liveness", Health = "health",
        Notify = "notify", Stdout = "stdout", Stderr = "stderr", MergeStderr = "merge_stderr", StopAsGroup = "stop_as_group",
        KillAsGroup = "kill_as_group", Replicas = "replicas", ReplicaName = "replica_name", ReadyLogLine = "ready_log_line", Startup = "startup";

    public static readonly IReadOnlyList<string> Program =
    [
        Command, Environment, EnvFile, WorkingDir, User, Group, Umask, Restart, ExitCodes, StartSeconds, StartRetries,
        Backoff, StopSignal, StopTimeout, Priority, Main, Critical, AutoStart, LogPrefix, ForwardSignals,
        DependsOn, OnDependencyFailure, RestartWith, Readiness, Liveness, Startup, ReadyLogLine, Health, Notify, Sockets,
        Persistent, Stdout, Stderr, MergeStderr, StopAsGroup, KillAsGroup, Replicas, ReplicaName,
        Limits, Rlimits, OomScoreAdj,
    ];

    /// <summary>A program's listening sockets, held across its restarts (systemd's socket activation).</summary>
    public const string Sockets = "sockets";

    /// <summary>A program's resource keys (issue 26): cgroup limits, setrlimit values, its OOM score.</summary>
    public const string Limits = "limits", Rlimits = "rlimits", OomScoreAdj = "oom_score_adj";

    public const string LimitMemory = "memory", LimitCpu = "cpu", LimitPids = "pids";

    public static readonly IReadOnlyList<string> LimitKeys = [LimitMemory, LimitCpu, LimitPids];

    /// <summary>A program's directories that outlive the container (read by `tend export`).</summary>
    public const string Persistent = "persistent";

    /// <summary>The keys of a program's <c>stdout:</c> and <c>stderr:</c> (supervisord's *_logfile family).</summary>
    public const string LogConsole = "console", LogFile = "file", LogMaxSize = "max_size", LogBackups = "backups";

    public static readonly IReadOnlyList<string> LogOutputKeys = [LogConsole, LogFile, LogMaxSize, LogBackups];

    /// <summary>The keys of one entry under 'groups:' (supervisord's [group:x]).</summary>
    public const string GroupPrograms = "programs", GroupPriority = "priority";

    public static readonly IReadOnlyList<string> GroupKeys = [GroupPrograms, GroupPriority];

    public const string BackoffInitial = "initial", BackoffMax = "max", BackoffReset = "reset";

    public static readonly IReadOnlyList<string> BackoffKeys = [BackoffInitial, BackoffMax, BackoffReset];

    /// <summary>The long form of a depends_on entry: <c>db: {condition: ready}</c>.</summary>
    public const string Condition = "condition";

    public static readonly IReadOnlyList<string> DependencyKeys = [Condition];

    public const string ProbeExec = "exec", ProbeHttp = "http", ProbeTcp = "tcp", ProbeInterval = "interval",
        ProbeTimeout = "timeout", ProbeInitialDelay = "initial_delay", ProbeFailureThreshold = "failure_threshold",
        ProbeSuccessThreshold = "success_threshold", ProbeInsecureSkipVerify = "insecure_skip_verify";

    /// <summary>The keys that say what a probe checks; a probe has exactly one of them.</summary>
    public static readonly IReadOnlyList<string> ProbeChecks = [ProbeExec, ProbeHttp, ProbeTcp];

    public static readonly IReadOnlyList<string> ProbeKeys =
    [
        ProbeExec, ProbeHttp, ProbeTcp, ProbeInterval, ProbeTimeout, ProbeInitialDelay, ProbeFailureThreshold,
        ProbeSuccessThreshold, ProbeInsecureSkipVerify,
    ];

    /// <summary>Other tools' names for our keys (compared after lower-casing).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cmd"] = Command, ["args"] = Command, ["entrypoint"] = Command,
        ["env"] = Environment, ["environ"] = Environment, ["envfile"] = EnvFile, ["env_files"] = EnvFile, ["environment_file"] = EnvFile,
        ["cwd"] = WorkingDir, ["directory"] = WorkingDir, ["workdir"] = WorkingDir, ["dir"] = WorkingDir,
        ["autorestart"] = Restart, ["restart_policy"] = Restart,
        ["redirect_stderr"] = MergeStderr, ["stopasgroup"] = StopAsGroup, ["killasgroup"] = KillAsGroup,
        ["numprocs"] = Replicas, ["scale"] = Replicas, ["process_name"] = ReplicaName,
        ["maxbytes"] = LogMaxSize, ["max_bytes"] = LogMaxSize, ["logfile_maxbytes"] = LogMaxSize, ["max_backups"] = LogBackups,
        ["logfile_backups"] = LogBackups, ["path"] = LogFile, ["logfile"] = LogFile, ["filename"] = LogFile,
        ["stdout_logfile"] = Stdout, ["stderr_logfile"] = Stderr, ["log_location"] = Stdout,
        ["stopwaitsecs"] = StopTimeout, ["stop_grace_period"] = StopTimeout,
        ["startsecs"] = StartSeconds,
        ["services"] = Programs, ["program"] = Programs,
        ["cron"] = Schedule, ["schedules"] = Jobs, ["cronjobs"] = Jobs, ["tz"] = TimeZone, ["time_zone"] = TimeZone,
        ["concurrency_policy"] = Concurrency, ["concurrencypolicy"] = Concurrency, ["overlap"] = Concurrency,
        ["includes"] = Include, ["import"] = Include, ["imports"] = Include,
        ["control_socket"] = Socket, ["listen"] = Http, ["http_listen"] = Http, ["metrics"] = Http,
        ["dependencies"] = DependsOn, ["requires"] = DependsOn, ["after"] = DependsOn,
        ["listen_stream"] = Sockets, ["listenstream"] = Sockets,
        ["volumes"] = Persistent, ["volume"] = Persistent,
        ["resources"] = Limits, ["deploy"] = Limits, ["mem_limit"] = Limits, ["cpus"] = Limits, ["pids_limit"] = Limits,
        ["ulimits"] = Rlimits, ["ulimit"] = Rlimits, ["minfds"] = Rlimits, ["minprocs"] = Rlimits,
        ["healthcheck"] = Readiness, ["readiness_probe"] = Readiness, ["readinessprobe"] = Readiness,
        ["liveness_probe"] = Liveness, ["livenessprobe"] = Liveness,
        // docker compose healthcheck and Kubernetes probe fields
        ["test"] = ProbeExec, ["command"] = ProbeExec, ["httpget"] = ProbeHttp, ["http_get"] = ProbeHttp, ["url"] = ProbeHttp,
        ["tcpsocket"] = ProbeTcp, ["tcp_socket"] = ProbeTcp, ["address"] = ProbeTcp,
        ["period"] = ProbeInterval, ["periodseconds"] = ProbeInterval, ["timeoutseconds"] = ProbeTimeout,
        ["retries"] = ProbeFailureThreshold, ["start_period"] = ProbeInitialDelay,
        ["initialdelayseconds"] = ProbeInitialDelay,
        ["insecure"] = ProbeInsecureSkipVerify, ["tls_skip_verify"] = ProbeInsecureSkipVerify, ["skip_verify"] = ProbeInsecureSkipVerify,
        ["insecureskipverify"] = ProbeInsecureSkipVerify,
    };
}
