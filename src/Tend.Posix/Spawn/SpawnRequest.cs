namespace Tend.Posix.Spawn;

/// <summary>Who a child runs as, resolved from names before spawning.</summary>
public sealed record Credentials(uint Uid, uint Gid, IReadOnlyList<uint> Groups);

/// <summary>Everything needed to start one child. Descriptors of -1 mean "inherit Tend's".</summary>
public sealed record SpawnRequest
{
    /// <summary>argv; Argv[0] is resolved against PATH from <see cref="Environment"/> when it has no '/'.</summary>
    public required IReadOnlyList<string> Argv { get; init; }

    /// <summary>The complete environment of the child, as KEY=VALUE strings.</summary>
    public required IReadOnlyList<string> Environment { get; init; }

    public string? WorkingDir { get; init; }
    public int? Umask { get; init; }
    public Credentials? Credentials { get; init; }

    /// <summary>Without <see cref="StdinFd"/>: /dev/null as stdin when true, Tend's own stdin when false.</summary>
    public bool NullStdin { get; init; } = true;

    /// <summary>A descriptor to give as stdin (an event listener's or a logger's pipe); -1: see <see cref="NullStdin"/>.</summary>
    public int StdinFd { get; init; } = -1;

    /// <summary>More descriptors to pass, each as the given number in the child (s6's notification-fd).</summary>
    public IReadOnlyList<(int Fd, int As)> ExtraFds { get; init; } = [];
    public int StdoutFd { get; init; } = -1;

    /// <summary>
    /// Set LISTEN_PID to the child's own pid (systemd's socket activation; the environment holds
    /// LISTEN_FDS): known only once the child exists, so the spawn goes through Tend's exec helper,
    /// which sets it to its own pid and then execs the program, keeping that pid.
    /// </summary>
    public bool SetListenPid { get; init; }
    public int StderrFd { get; init; } = -1;

    /// <summary>setrlimit values (RLIMIT_* number, soft, hard) the child starts with; applied before its exec (<see cref="ExecHelper"/>).</summary>
    public IReadOnlyList<(int Resource, ulong Soft, ulong Hard)> Rlimits { get; init; } = [];

    /// <summary>The child's oom_score_adj; null: <see cref="Spawner.ChildOomScoreAdj"/> (0 once Tend protected itself).</summary>
    public int? OomScoreAdj { get; init; }

    /// <summary>A cgroup directory the child joins before its exec (its cgroup.procs); null: Tend's own cgroup.</summary>
    public string? Cgroup { get; init; }

    /// <summary>Whether the child must pass through the exec helper: what posix_spawn cannot do before the exec.</summary>
    public bool NeedsHelper => Credentials is not null || SetListenPid || Rlimits.Count > 0 || OomScoreAdj is not null || Cgroup is not null;

    /// <summary>New session (and so a new process group): supervised programs. False: only a new process group.</summary>
    public bool NewSession { get; init; } = true;
}

/// <summary>The outcome: a pid, or what failed ("exec /usr/sbin/ngin", errno ENOENT).</summary>
public readonly record struct SpawnResult(int Pid, int Errno, string? FailedStep)
{
    /// <summary>Started: a pid and no error. A failed exec helper has a pid (it still exits, reaped as an orphan) and the errno.</summary>
    public bool Ok => Pid > 0 && Errno == 0;
    public string Error => $"{FailedStep}: {PosixException.Describe(Errno)}";
}
