namespace Tend.Model;

/// <summary>
/// The daemon-wide settings of a supervisord.conf that Tend keeps for its supervisord-compatible
/// parts (the XML-RPC server, supervisorctl, the main log). Null on a config read from tend.yaml.
/// </summary>
public sealed record SupervisordSettings
{
    /// <summary>[supervisord] identifier, returned by getIdentification.</summary>
    public string Identifier { get; init; } = "supervisor";

    /// <summary>[supervisord] logfile: the main log file; null when not written (Tend logs to its console).</summary>
    public string? LogFile { get; init; }

    public long LogFileMaxBytes { get; init; } = 50 * 1024 * 1024;
    public int LogFileBackups { get; init; } = 10;

    /// <summary>[supervisord] loglevel, lower case: critical, error, warn, info, debug, trace or blather.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>[supervisord] nodaemon. Tend never daemonizes; kept for getAllConfigInfo-style answers.</summary>
    public bool NoDaemon { get; init; }

    /// <summary>
    /// [supervisord] pidfile, as an absolute path: Tend writes its pid there while it runs, as
    /// supervisord does, because images' scripts read it (mailcow's event listener stops the
    /// container with `kill -3 $(cat /var/run/supervisord.pid)`). Null when not set.
    /// </summary>
    public string? PidFile { get; init; }

    /// <summary>
    /// [supervisord] minfds= and minprocs=: the soft RLIMIT_NOFILE and RLIMIT_NPROC `tend run` raises its
    /// own limits to before anything starts, as supervisord does (a value it cannot reach stops it), so
    /// that every program inherits them; null: unset (supervisord's defaults, 1024 and 200, are what
    /// containers give anyway, so Tend does not apply them unasked).
    /// </summary>
    public long? MinFds { get; init; }

    /// <inheritdoc cref="MinFds"/>
    public long? MinProcs { get; init; }

    /// <summary>[supervisord] childlogdir, where supervisord would put AUTO log files.</summary>
    public string? ChildLogDir { get; init; }

    /// <summary>[unix_http_server]; null when the section is absent.</summary>
    public UnixHttpServerSettings? UnixHttpServer { get; init; }

    /// <summary>[inet_http_server]; null when the section is absent.</summary>
    public InetHttpServerSettings? InetHttpServer { get; init; }

    /// <summary>[supervisorctl]; defaults when the section is absent.</summary>
    public SupervisorctlSettings Supervisorctl { get; init; } = new();

    /// <summary>
    /// The URL children get as SUPERVISOR_SERVER_URL: unix://path when there is a unix server,
    /// else http://host:port of the inet server (localhost for an empty or * host), else null.
    /// </summary>
    public string? ServerUrl { get; init; }
}

/// <summary>[unix_http_server]: the XML-RPC server on a unix socket.</summary>
public sealed record UnixHttpServerSettings(string File)
{
    /// <summary>Mode of the socket file (octal 0700 by default).</summary>
    public int Chmod { get; init; } = Convert.ToInt32("700", 8);

    /// <summary>Owner of the socket file, "user" or "user:group"; null leaves it as created.</summary>
    public string? Chown { get; init; }

    /// <summary>Basic-auth credentials; null: no authentication.</summary>
    public SupervisordCredentials? Credentials { get; init; }
}

/// <summary>[inet_http_server]: the XML-RPC server on TCP. An empty Host means every interface.</summary>
public sealed record InetHttpServerSettings(string Host, int Port)
{
    public SupervisordCredentials? Credentials { get; init; }

    /// <summary>Whether only this host (this container) can connect: localhost, 127.0.0.0/8 or ::1.</summary>
    public bool IsLoopback =>
        Host == "localhost" || (System.Net.IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>
    /// Whether a client must prove something to control programs: a username and a non-empty
    /// password. Off loopback anything less serves program control to whoever reaches the port.
    /// </summary>
    public bool IsAuthenticated => Credentials is { Username.Length: > 0, Password.Length: > 0 };
}

/// <summary>[supervisorctl]: what the client side uses.</summary>
public sealed record SupervisorctlSettings
{
    public string ServerUrl { get; init; } = "http://localhost:9001";
    public string? Username { get; init; }

    /// <summary>Clear text only (supervisorctl sends it).</summary>
    public string? Password { get; init; }

    public string Prompt { get; init; } = "supervisor";
}

/// <summary>
/// A username and password for HTTP basic auth. The password is either clear text or
/// "{SHA}" followed by the hex SHA-1 of the clear text, as supervisord accepts.
/// </summary>
public sealed record SupervisordCredentials(string Username, string Password)
{
    /// <summary>Whether Password is a "{SHA}hex" digest rather than clear text (checked by the XML-RPC server's BasicAuth).</summary>
    public bool IsSha1 => Password.StartsWith("{SHA}", StringComparison.Ordinal);
}
