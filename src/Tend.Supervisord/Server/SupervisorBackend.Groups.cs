using Tend.Model;
using Tend.Supervision;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Server;

/// <summary>
/// supervisorctl reread / update / add / remove: reloadConfig reads the file again and reports the
/// difference by group without applying it; addProcessGroup and removeProcessGroup then apply it
/// one group at a time, so unchanged programs are never touched. (tend ctl reload and SIGHUP apply
/// the whole difference at once instead.)
/// </summary>
internal sealed partial class SupervisorBackend
{
    private readonly Lock _pendingLock = new();
    private Dictionary<string, List<ProgramSpec>>? _pending;

    public ReloadOutcome ReloadConfig()
    {
        var (programs, errors) = reread();
        if (programs is null) return ReloadOutcome.Failed(string.Join("; ", errors));
        var inUse = supervisor.Call(() => supervisor.Programs.Select(p => p.NextSpec ?? p.Spec).ToList(), CallTimeout);
        lock (_pendingLock) _pending = ByGroup(programs);
        // The same diff as SIGHUP and tend ctl reload, reported by group.
        var (added, changed, removed) = ReloadDiff.ByGroup(inUse, programs, GroupOf);
        return new ReloadOutcome(added, changed, removed);
    }

    public IReadOnlyList<ProcessConfig> Configs()
    {
        Dictionary<string, List<ProgramSpec>>? pending;
        lock (_pendingLock) pending = _pending;
        return supervisor.Call(() =>
        {
            var inUse = supervisor.Programs.Select(p => p.NextSpec ?? p.Spec).ToList();
            // The configuration as last read: after a reread, what it found; before, what is running.
            var specs = pending is null ? inUse : pending.Values.SelectMany(g => g).ToList();
            // supervisord lists groups by priority, then name (its group configs sort that way).
            return specs.OrderBy(s => s.Priority).ThenBy(GroupOf, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => ConfigOf(s, supervisor.Find(s.Name) is not null)).ToList();
        }, CallTimeout);
    }

    private static ProcessConfig ConfigOf(ProgramSpec s, bool inUse) => new(
        Name: s.Name,
        Group: GroupOf(s),
        InUse: inUse,
        AutoStart: s.AutoStart,
        AutoRestart: s.Restart switch { RestartPolicy.Always => "true", RestartPolicy.Never => "false", _ => "unexpected" },
        ProcessPriority: s.Priority,
        GroupPriority: s.Priority,
        Command: string.Join(' ', s.Command),
        Directory: s.WorkingDir,
        Uid: s.User,
        ExitCodes: s.ExitCodes,
        StopAsGroup: s.StopAsGroup,
        KillAsGroup: s.KillAsGroup,
        RedirectStderr: s.RedirectStderr,
        StartRetries: s.StartRetries,
        StartSecs: (int)s.StartSeconds.TotalSeconds,
        StopSignal: s.StopSignal,
        StopWaitSecs: (int)s.StopTimeout.TotalSeconds,
        StdoutLogfile: s.Stdout.File?.Path,
        StdoutMaxBytes: s.Stdout.File?.MaxBytes ?? 0,
        StdoutBackups: s.Stdout.File?.Backups ?? 0,
        StderrLogfile: s.Stderr.File?.Path,
        StderrMaxBytes: s.Stderr.File?.MaxBytes ?? 0,
        StderrBackups: s.Stderr.File?.Backups ?? 0,
        ServerUrl: s.Environment.GetValueOrDefault("SUPERVISOR_SERVER_URL"));

    public BackendResult AddProcessGroup(string name)
    {
        Dictionary<string, List<ProgramSpec>>? pending;
        lock (_pendingLock) pending = _pending;
        if (pending is null)
        {
            // No reread yet: supervisord adds from the configuration it has, which is the file as read now.
            var (programs, _) = reread();
            pending = programs is null ? [] : ByGroup(programs);
        }
        if (!pending.TryGetValue(name, out var specs)) return BackendResult.Fail(Faults.BadName, name);
        return supervisor.Call(() =>
        {
            if (specs.Any(s => supervisor.Find(s.Name) is not null)) return BackendResult.Fail(Faults.AlreadyAdded, name);
            foreach (var spec in specs)
            {
                var outcome = supervisor.AddProgram(spec);
                if (!outcome.Ok) return BackendResult.Fail(Faults.Failed, outcome.Message);
            }
            return BackendResult.Ok;
        }, CallTimeout);
    }

    public BackendResult RemoveProcessGroup(string name) => supervisor.Call(() =>
    {
        var members = supervisor.Programs.Where(p => GroupOf(p.Spec) == name).ToList();
        if (members.Count == 0) return BackendResult.Fail(Faults.BadName, name);
        if (members.Any(p => !p.IsDown)) return BackendResult.Fail(Faults.StillRunning, name);
        foreach (var p in members) supervisor.RemoveProgram(p);
        return BackendResult.Ok;
    }, CallTimeout);

    private static Dictionary<string, List<ProgramSpec>> ByGroup(IEnumerable<ProgramSpec> specs) =>
        specs.GroupBy(GroupOf).ToDictionary(g => g.Key, g => g.ToList());

}
