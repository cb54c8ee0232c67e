using Tend.Model;
using Tend.Posix;
using Tend.Posix.Cgroups;
using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>
/// Memory pressure and resource limits (issue 26): Tend asks the OOM killer to spare it
/// (oom_score_adj -1000, given back to 0 in every child), gives each program its tend.yaml
/// <c>limits:</c> (its own cgroup v2), <c>rlimits:</c> and <c>oom_score_adj:</c>, and tells an OOM
/// kill apart from any other SIGKILL: the memory cgroup's OOM count went up since Tend last looked.
/// The count is per cgroup, so a program in Tend's cgroup shares it with the others there: an OOM
/// kill of one's grandchild (no program exit) followed by a plain `kill -9` of another program would
/// be misread as an OOM kill; a program with its own cgroup (limits:) is told apart exactly.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>TEND_DEBUG set: lines of <see cref="Chat.Debug"/> are written.</summary>
    private static readonly bool DebugLogging = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEND_DEBUG"));

    private MemoryCgroup? _tendMemory;
    private ProgramCgroups? _programCgroups;
    private string? _noCgroupsReason;
    private readonly HashSet<string> _warnedLimits = [];
    private readonly Dictionary<string, long> _oomKillsAccounted = new(StringComparer.Ordinal);

    /// <summary>At start-up, on the real kernel only: self-protection, the programs' cgroups, Tend's memory cgroup.</summary>
    private void InitResources()
    {
        if (_options.Processes is not null) return; // the unit tests' in-memory kernel
        if (OomScore.TrySet(0, -1000) is { } failure)
            Log($"tend: cannot set its own oom_score_adj to -1000 ({failure}); the OOM killer may pick Tend like any process", level: Chat.Debug);
        else
        {
            Spawner.ChildOomScoreAdj = 0;
            Log("tend: oom_score_adj -1000 (the OOM killer spares Tend); programs get 0 or their oom_score_adj", level: Chat.Debug);
        }

        if (_programs.Any(p => p.Spec.Limits is not null)) PrepareCgroups();
        _tendMemory = MemoryCgroup.OfTend(); // after the move into tend/, if any
    }

    /// <summary>The programs' cgroup tree, for the controllers their limits: use; once (a reload that brings the first limits: calls it then).</summary>
    private void PrepareCgroups()
    {
        var withLimits = _programs.Where(p => p.Spec.Limits is not null).ToList();
        var needed = new List<string>();
        if (withLimits.Any(p => p.Spec.Limits!.MemoryBytes is not null)) needed.Add("memory");
        if (withLimits.Any(p => p.Spec.Limits!.Cpus is not null)) needed.Add("cpu");
        if (withLimits.Any(p => p.Spec.Limits!.Pids is not null)) needed.Add("pids");
        _programCgroups = ProgramCgroups.Prepare(needed, out _noCgroupsReason);
        if (_programCgroups is not null) Log($"tend: per-program limits in cgroups under {_programCgroups.Root}", level: Chat.Detail);
        _tendMemory = MemoryCgroup.OfTend();
    }

    /// <summary>What the spawn of <paramref name="p"/> adds for its resources; records the OOM count before it starts.</summary>
    private SpawnRequest WithResources(ProgramRuntime p, SpawnRequest request)
    {
        if (_options.Processes is not null) return request;
        var spec = p.Spec;
        string? cgroup = null;
        if (spec.Limits is { } limits)
        {
            if (_programCgroups is null && _noCgroupsReason is null) PrepareCgroups();
            if (_programCgroups is not null)
            {
                cgroup = _programCgroups.For(p.Name, limits, out var reason);
                if (cgroup is null && _warnedLimits.Add(p.Name)) Log($"{p.Name}: limits: not applied: {reason}", level: Chat.Warning);
            }
            else if (_warnedLimits.Add(p.Name))
                Log($"{p.Name}: limits: not applied: {_noCgroupsReason}; the program runs without them", level: Chat.Warning);
        }
        p.Cgroup = cgroup;
        p.MemoryCgroup = cgroup is not null && File.Exists(Path.Join(cgroup, "memory.events")) ? new MemoryCgroup(cgroup, V2: true) : _tendMemory;
        if (p.MemoryCgroup is { } memory && !_oomKillsAccounted.ContainsKey(memory.Directory) && memory.OomKills() is { } count)
            _oomKillsAccounted[memory.Directory] = count;
        return request with
        {
            Rlimits = [.. spec.Rlimits.Select(r => (RlimitSpec.Resources[r.Name], r.Soft, r.Hard))],
            OomScoreAdj = spec.OomScoreAdj,
            Cgroup = cgroup,
        };
    }

    /// <summary>At every exit: whether the OOM killer did it, said in the log, kept for status and /metrics.</summary>
    private void NoteOomKill(ProgramRuntime p, ExitStatus status)
    {
        p.LastExitOom = false;
        if (!status.Signaled || status.Signal != Model.Signals.SIGKILL || p.MemoryCgroup is not { } memory) return;
        if (memory.OomKills() is not { } now) return;
        var before = _oomKillsAccounted.TryGetValue(memory.Directory, out var seen) ? seen : now;
        _oomKillsAccounted[memory.Directory] = now;
        if (now <= before) return;
        p.LastExitOom = true;
        p.OomKills++;
        var limit = p.Cgroup is not null && p.Spec.Limits?.MemoryBytes is { } own ? own : memory.LimitBytes();
        Log($"{p.Name} was killed by the OOM killer{(limit is { } l ? $" (memory limit {MemoryCgroup.FormatBytes(l)})" : "")}", after: p.Name, level: Chat.Warning);
    }
}
