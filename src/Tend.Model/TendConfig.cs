namespace Tend.Model;

/// <summary>The whole configuration: every program, in declaration order.</summary>
public sealed record TendConfig
{
    public IReadOnlyList<ProgramSpec> Programs { get; init; } = [];

    /// <summary>Scheduled jobs (tend.yaml `jobs:` and the lines of its `crontab:` or `--crontab` file), in declaration order.</summary>
    public IReadOnlyList<JobSpec> Jobs { get; init; } = [];

    /// <summary>Control socket path (tend.yaml `socket:`); null: the command line, or the default (Tend.Control.DefaultSocket).</summary>
    public string? Socket { get; init; }

    /// <summary>Optional HTTP listener for /healthz, /readyz, /metrics ("127.0.0.1:9090"); null: off.</summary>
    public string? Http { get; init; }

    /// <summary>tend.yaml `http_auth:`: opens the HTTP listener's page to output and actions; null: that page is read-only.</summary>
    public HttpCredentials? HttpAuth { get; init; }

    /// <summary>
    /// Bytes of program output Tend holds for its stdout and stderr while they do not drain (tend.yaml
    /// `log_buffer:`). Past it whole lines are dropped, counted and reported.
    /// </summary>
    public long LogBuffer { get; init; } = DefaultLogBuffer;

    public const long DefaultLogBuffer = 4L << 20, MinLogBuffer = 1L << 20, MaxLogBuffer = 1L << 30;

    /// <summary>The file it was read from, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Daemon-wide settings of a supervisord.conf; null for tend.yaml.</summary>
    public SupervisordSettings? Supervisord { get; init; }

    /// <summary>What kind of configuration this was read from; YAML unless a reader says otherwise.</summary>
    public ConfigLayout Layout { get; init; } = ConfigLayout.Yaml;

    /// <summary>The S6_* settings of an s6-overlay root; null for every other layout.</summary>
    public S6Settings? S6 { get; init; }

    /// <summary>
    /// Run at shutdown, after every program has stopped, one at a time in order (s6-overlay's
    /// cont-finish.d). Empty for every other layout.
    /// </summary>
    public IReadOnlyList<ShutdownCommand> ShutdownCommands { get; init; } = [];

    /// <summary>
    /// The files of an s6-overlay root's etc/fix-attrs.d, in name order (the order they apply in).
    /// `tend run` applies them from the root itself; they are here so that `tend convert` can say,
    /// line by line, what the converted file leaves out. Empty for every other layout.
    /// </summary>
    public IReadOnlyList<string> FixAttrsFiles { get; init; } = [];
}
