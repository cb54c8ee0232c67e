namespace Tend.Model;

/// <summary>
/// One supervised program, as every configuration reader produces it. Immutable: a reload builds a
/// new one and the supervisor diffs them.
/// </summary>
public sealed record ProgramSpec
{
    /// <summary>Unique name; used in log prefixes and control requests.</summary>
    public required string Name { get; init; }

    /// <summary>argv: Command[0] is looked up on PATH when it contains no '/'.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Variables added to (or overriding) Tend's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Start from an empty environment instead of Tend's: the child gets <see cref="Environment"/>
    /// alone. s6-overlay with S6_KEEP_ENV=0 gives every program not run through with-contenv such a
    /// minimal environment (its PATH only).
    /// </summary>
    public bool CleanEnvironment { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary>User name or numeric uid to run as; only honoured when Tend runs as root.</summary>
    public string? User { get; init; }

    /// <summary>Group name or gid; defaults to the user's primary group.</summary>
    public string? Group { get; init; }

    /// <summary>Where <see cref="User"/> and <see cref="Group"/> were written, so an unknown name is reported there; not part of the program's identity.</summary>
    public SourceLocation? UserAt { get; init; }

    /// <inheritdoc cref="UserAt"/>
    public SourceLocation? GroupAt { get; init; }

    /// <summary>File mode creation mask for the child; null inherits Tend's.</summary>
    public int? Umask { get; init; }

    public RestartPolicy Restart { get; init; } = RestartPolicy.Always;

    /// <summary>Exit codes that count as success for <see cref="RestartPolicy.OnFailure"/>.</summary>
    public IReadOnlyList<int> ExitCodes { get; init; } = [0];

    /// <summary>How long a program must stay up to count as started (supervisord's startsecs).</summary>
    public TimeSpan StartSeconds { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed starts in a row tolerated before the program goes FATAL.</summary>
    public int StartRetries { get; init; } = 3;

    public BackoffSpec Backoff { get; init; } = new();

    /// <summary>Signal number sent to the program's process group to stop it.</summary>
    public int StopSignal { get; init; } = Signals.SIGTERM;

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Lower starts first and stops last.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>When it exits, the container ends with its exit code.</summary>
    public bool Main { get; init; }

    /// <summary>When it goes FATAL, the container shuts down with its last exit code.</summary>
    public bool Critical { get; init; }

    /// <summary>Start with Tend (supervisord's autostart).</summary>
    public bool AutoStart { get; init; } = true;

    /// <summary>Prefix each output line with the program name.</summary>
    public bool LogPrefix { get; init; } = true;

    /// <summary>Signals Tend receives that are passed on to this program's process group.</summary>
    public IReadOnlyList<int> ForwardSignals { get; init; } = [];

    /// <summary>Programs that must reach a condition before this one starts.</summary>
    public IReadOnlyList<DependencySpec> DependsOn { get; init; } = [];

    /// <summary>What to do when a dependency goes FATAL.</summary>
    public OnDependencyFailure OnDependencyFailure { get; init; } = OnDependencyFailure.Wait;

    /// <summary>Dependencies whose restart restarts this program too.</summary>
    public IReadOnlyList<string> RestartWith { get; init; } = [];

    /// <summary>Marks the program ready when it passes; failing marks it not ready.</summary>
    public ProbeSpec? Readiness { get; init; }

    /// <summary>Failing restarts the program (with the usual backoff).</summary>
    public ProbeSpec? Liveness { get; init; }

    /// <summary>
    /// Kubernetes' startupProbe: run from each start until it first passes; meanwhile readiness and
    /// liveness are not run. Failing it (past its failure threshold) restarts the program as a
    /// failing liveness probe does.
    /// </summary>
    public ProbeSpec? Startup { get; init; }

    /// <summary>
    /// process-compose's ready_log_line: a regular expression (<see cref="ReadyLogLinePattern"/>)
    /// matched against each whole line of the program's output; the first match makes it ready.
    /// </summary>
    public string? ReadyLogLine { get; init; }

    /// <summary>Whether the program counts in Tend's health answer (`health: ignore` opts out).</summary>
    public bool CountsForHealth { get; init; } = true;

    /// <summary>Where this program was defined, for diagnostics ("tend.yaml:12:3").</summary>
    public SourceLocation? DefinedAt { get; init; }

    /// <summary>
    /// The supervisord group the program belongs to ([group:x] programs=); null: its own name, as in
    /// supervisord, where a program outside any [group:x] is a group of its own.
    /// </summary>
    public string? ProgramGroup { get; init; }

    /// <summary>The group it is in as supervisord names it: its [group:x], else its own name.</summary>
    public string GroupName => ProgramGroup ?? Name;

    /// <summary>
    /// Send the stop signal to the whole process group rather than the program alone. Tend's YAML
    /// default is true; supervisord's stopasgroup defaults to false.
    /// </summary>
    public bool StopAsGroup { get; init; } = true;

    /// <summary>Send the final SIGKILL to the whole process group (supervisord's killasgroup; false there by default).</summary>
    public bool KillAsGroup { get; init; } = true;

    /// <summary>Where the program's stdout goes; by default Tend's stdout.</summary>
    public LogOutputSpec Stdout { get; init; } = LogOutputSpec.ToStdout;

    /// <summary>Where the program's stderr goes; by default Tend's stderr. Unused when <see cref="RedirectStderr"/>.</summary>
    public LogOutputSpec Stderr { get; init; } = LogOutputSpec.ToStderr;

    /// <summary>The child's stderr is the same pipe as its stdout (supervisord's redirect_stderr).</summary>
    public bool RedirectStderr { get; init; }

    /// <summary>Set when the program is a supervisord event listener; null for an ordinary program.</summary>
    public EventListenerSpec? EventListener { get; init; }

    /// <summary>Longrun (supervised, restarted by policy) or Oneshot (run once; see <see cref="ProgramKind.Oneshot"/>).</summary>
    public ProgramKind Kind { get; init; } = ProgramKind.Longrun;

    /// <summary>
    /// Oneshot only: argv run at shutdown if the oneshot completed (s6-rc's <c>down</c>), in reverse
    /// dependency order with the longruns; null: nothing to undo.
    /// </summary>
    public IReadOnlyList<string>? DownCommand { get; init; }

    /// <summary>Oneshot only: kill <see cref="DownCommand"/> after this (s6-rc timeout-down); null: no limit.</summary>
    public TimeSpan? DownTimeout { get; init; }

    /// <summary>
    /// s6-rc timeout-up: a oneshot that has not completed, or a longrun that has not started (or
    /// become ready, when it has a <see cref="NotificationFd"/>), within this is killed and counts as
    /// failed; null: no limit (every YAML and supervisord program).
    /// </summary>
    public TimeSpan? StartTimeout { get; init; }

    /// <summary>
    /// argv run after every exit of the program (runit and s6 <c>finish</c>), with the arguments of
    /// <see cref="FinishStyle"/> appended, in <see cref="WorkingDir"/>, its output treated as the
    /// program's; the next start waits for it to end. Null: none.
    /// </summary>
    public IReadOnlyList<string>? FinishCommand { get; init; }

    /// <summary>The arguments <see cref="FinishCommand"/> receives, and whether its exit 125 forbids a restart (S6).</summary>
    public FinishStyle FinishStyle { get; init; } = FinishStyle.Runit;

    /// <summary>Kill <see cref="FinishCommand"/> (SIGKILL) after this (s6 timeout-finish, 5 s by default); null: no limit (runit).</summary>
    public TimeSpan? FinishTimeout { get; init; }

    /// <summary>
    /// s6 notification-fd: the runtime opens a pipe and gives the child its write end as this
    /// descriptor; the program is ready (as a passing readiness probe) when a newline arrives, after
    /// which the read end is closed. Null: no such protocol.
    /// </summary>
    public int? NotificationFd { get; init; }

    /// <summary>
    /// The program whose stdout (and its finish's stdout) feeds this program's stdin through one
    /// pipe (runit and s6 <c>log/run</c>, s6-rc consumer-for). The runtime creates the pipe once and
    /// keeps both ends across restarts of either side, so no line is lost; the named program's stdout
    /// then goes into the pipe, not to Tend's log. Null: stdin is /dev/null as usual.
    /// </summary>
    public string? StdinFrom { get; init; }

    /// <summary>
    /// The runit or s6 service directory this program came from. For runit the runtime keeps
    /// <c>supervise/</c> (status, control, ok, lock) there so the real <c>sv</c> works; for a log
    /// program it is the <c>log/</c> directory. Null: not from a service directory.
    /// </summary>
    public string? ServiceDirectory { get; init; }

    /// <summary>
    /// systemd's sd_notify (YAML <c>notify: systemd</c>): the runtime binds an AF_UNIX datagram socket
    /// for the program and passes its path as NOTIFY_SOCKET; READY=1 marks it ready (as
    /// <see cref="NotificationFd"/> does), STATUS= is logged, anything else is ignored.
    /// </summary>
    public bool SdNotify { get; init; }

    /// <summary>
    /// tend.yaml's <c>sockets:</c>: listening sockets bound once and handed to every start of the
    /// program, in this order, as descriptors 3, 4... with LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES
    /// (systemd's socket activation). Empty: none.
    /// </summary>
    public IReadOnlyList<ListenSocketSpec> Sockets { get; init; } = [];

    /// <summary>
    /// Directories whose contents must outlive the container (tend.yaml's <c>persistent:</c>), such
    /// as a database's data directory. Tend itself does nothing with them at run time (the
    /// directory is the image's, or a volume mounted there); `tend export` gives each a named
    /// compose volume or a PersistentVolumeClaim. A <c>${VAR}</c> in a path is kept as written for
    /// export. Not part of what a reload compares: a change restarts nothing.
    /// </summary>
    public IReadOnlyList<string> Persistent { get; init; } = [];

    /// <summary>tend.yaml's <c>limits:</c> (memory, cpu, pids through a cgroup v2 sub-cgroup); null: none.</summary>
    public ResourceLimits? Limits { get; init; }

    /// <summary>tend.yaml's <c>rlimits:</c>: setrlimit values the program starts with (runit's chpst -o/-p).</summary>
    public IReadOnlyList<RlimitSpec> Rlimits { get; init; } = [];

    /// <summary>
    /// The program's /proc/PID/oom_score_adj (-1000..1000); null: 0, the kernel's default, whatever
    /// Tend set for itself (Tend asks for -1000 so that it is the last the OOM killer picks).
    /// </summary>
    public int? OomScoreAdj { get; init; }
}
