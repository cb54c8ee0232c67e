namespace Tend.Model;

/// <summary>
/// tend.yaml's <c>limits:</c>: what the kernel enforces on one program's processes together, through a
/// cgroup v2 sub-cgroup of the container's own (memory.max, cpu.max, pids.max). Null fields: no limit.
/// Applied only where the container's cgroup is v2, delegated and writable; otherwise Tend warns once
/// with the reason and runs the program without them.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>memory.max in bytes: past it the kernel reclaims, then OOM-kills inside the program's cgroup.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPUs as compose's <c>cpus:</c> (0.5 = half of one CPU), written as cpu.max's quota per 100 ms period.</summary>
    public double? Cpus { get; init; }

    /// <summary>pids.max: processes and threads the program may have at once.</summary>
    public int? Pids { get; init; }

    public bool IsEmpty => MemoryBytes is null && Cpus is null && Pids is null;
}

/// <summary>
/// One entry of tend.yaml's <c>rlimits:</c> (runit's <c>chpst -o/-p</c>, supervisord's minfds): a
/// per-process resource limit (setrlimit) the program starts with. <see cref="Unlimited"/> stands for
/// RLIM_INFINITY.
/// </summary>
/// <param name="Name">The resource as ulimit and compose's <c>ulimits:</c> name it: nofile, nproc, core, ...</param>
/// <param name="Soft">The soft limit (what the program gets).</param>
/// <param name="Hard">The hard limit (the ceiling it may raise its soft limit to).</param>
public sealed record RlimitSpec(string Name, ulong Soft, ulong Hard)
{
    public const ulong Unlimited = ulong.MaxValue;

    /// <summary>The resource names and their RLIMIT_* numbers on Linux, in ulimit's order.</summary>
    public static readonly IReadOnlyDictionary<string, int> Resources = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["cpu"] = 0, ["fsize"] = 1, ["data"] = 2, ["stack"] = 3, ["core"] = 4, ["rss"] = 5, ["nproc"] = 6,
        ["nofile"] = 7, ["memlock"] = 8, ["as"] = 9, ["locks"] = 10, ["sigpending"] = 11, ["msgqueue"] = 12,
        ["nice"] = 13, ["rtprio"] = 14, ["rttime"] = 15,
    };

    /// <summary>"1024", "1024:4096", "unlimited": as compose's ulimits and `ulimit` write a value.</summary>
    public string Text => Soft == Hard ? Word(Soft) : $"{Word(Soft)}:{Word(Hard)}";

    public static string Word(ulong v) => v == Unlimited ? "unlimited" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
