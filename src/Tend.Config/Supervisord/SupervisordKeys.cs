namespace Tend.Config.Supervisord;

/// <summary>Every key each supervisord section knows (supervisor's docs/configuration.rst), for the unknown-key check.</summary>
internal static class SupervisordKeys
{
    /// <summary>Tend's own program keys; real supervisord reads only the keys it knows, so it ignores these.</summary>
    public const string TendMain = "tend_main", TendCritical = "tend_critical";

    public static readonly IReadOnlyList<string> Program =
    [
        "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "startsecs",
        "startretries", "autorestart", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup",
        "user", "redirect_stderr",
        "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups", "stdout_capture_maxbytes",
        "stdout_events_enabled", "stdout_syslog",
        "stderr_logfile", "stderr_logfile_maxbytes", "stderr_logfile_backups", "stderr_capture_maxbytes",
        "stderr_events_enabled", "stderr_syslog",
        "environment", "directory", "umask", "serverurl", TendMain, TendCritical,
    ];

    public static readonly IReadOnlyList<string> EventListener = [.. Program, "events", "buffer_size", "result_handler"];

    public static readonly IReadOnlyList<string> Group = ["programs", "priority"];

    public static readonly IReadOnlyList<string> Supervisord =
    [
        "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask", "nodaemon", "silent",
        "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory", "strip_ansi", "environment", "identifier",
    ];

    public static readonly IReadOnlyList<string> UnixHttpServer = ["file", "chmod", "chown", "username", "password"];
    public static readonly IReadOnlyList<string> InetHttpServer = ["port", "username", "password"];
    public static readonly IReadOnlyList<string> Supervisorctl = ["serverurl", "username", "password", "prompt", "history_file"];
    public static readonly IReadOnlyList<string> RpcInterface = ["supervisor.rpcinterface_factory"];
    public static readonly IReadOnlyList<string> Include = ["files"];

    /// <summary>The factory every supervisord.conf names; Tend's XML-RPC server implements it natively.</summary>
    public const string MainRpcInterface = "supervisor.rpcinterface:make_main_rpcinterface";

    public static readonly IReadOnlyList<string> LogLevels = ["critical", "error", "warn", "info", "debug", "trace", "blather"];

    /// <summary>supervisor/events.py's event types, abstract parents included.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING",
        "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING",
        "PROCESS_STATE_UNKNOWN", "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR",
        "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
        "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
        "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600",
        "PROCESS_GROUP", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
    ];

    /// <summary>Section kinds with a name after the colon.</summary>
    public const string ProgramPrefix = "program:", GroupPrefix = "group:", EventListenerPrefix = "eventlistener:",
        FcgiProgramPrefix = "fcgi-program:", RpcInterfacePrefix = "rpcinterface:", CtlPluginPrefix = "ctlplugin:";

    public const string SupervisordSection = "supervisord", UnixHttpServerSection = "unix_http_server",
        InetHttpServerSection = "inet_http_server", SupervisorctlSection = "supervisorctl", IncludeSection = "include",
        MainRpcInterfaceSection = "rpcinterface:supervisor";
}
