using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;

namespace Tend.UnitTests.Supervisord;

/// <summary>
/// An in-memory <see cref="ISupervisordBackend"/>: processes are plain records the test sets up,
/// actions change their state at once and are recorded, logs are byte arrays.
/// </summary>
internal sealed class FakeBackend : ISupervisordBackend
{
    public List<ProcessSnapshot> Procs { get; } = [];
    public Dictionary<LogTarget, byte[]> Logs { get; } = [];
    public List<string> Calls { get; } = [];
    public Dictionary<ProcessRef, BackendResult> StartAnswers { get; } = [];
    public ReloadOutcome Reload { get; set; } = new([], [], []);
    public HashSet<string> ConfiguredGroups { get; } = [];

    public string Identification { get; set; } = "supervisor";
    public string Version { get; set; } = "4.2.5";
    public int Pid { get; set; } = 9557;
    public SupervisorState State { get; set; } = SupervisorState.Running;
    public long Now { get; set; } = 1795905653;

    public FakeBackend Add(string group, string name, ProcessState state, int pid = 0, long start = 0, long stop = 0,
        int exit = 0, string spawnErr = "", string stdout = "", string stderr = "")
    {
        Procs.Add(new ProcessSnapshot(group, name, state, pid, start, stop, exit, spawnErr, stdout, stderr));
        return this;
    }

    public ProcessSnapshot Get(string group, string name) => Procs.Single(p => p.Group == group && p.Name == name);

    private void Set(ProcessRef r, Func<ProcessSnapshot, ProcessSnapshot> change)
    {
        var i = Procs.FindIndex(p => p.Ref == r);
        Procs[i] = change(Procs[i]);
    }

    public IReadOnlyList<ProcessSnapshot> Processes() => Procs.ToList();

    public List<ProcessConfig> ConfigList { get; } = [];

    public IReadOnlyList<ProcessConfig> Configs() => ConfigList.ToList();

    public IReadOnlyList<BackendResult> Start(IReadOnlyList<ProcessRef> processes, bool wait)
    {
        Calls.Add($"start {string.Join(",", processes.Select(p => p.Name))} wait={wait}");
        return processes.Select(r =>
        {
            if (StartAnswers.TryGetValue(r, out var answer)) return answer;
            Set(r, p => p with { State = wait ? ProcessState.Running : ProcessState.Starting, Pid = 4000 + Procs.FindIndex(q => q.Ref == r), StartTime = Now });
            return BackendResult.Ok;
        }).ToList();
    }

    public IReadOnlyList<BackendResult> Stop(IReadOnlyList<ProcessRef> processes, bool wait)
    {
        Calls.Add($"stop {string.Join(",", processes.Select(p => p.Name))} wait={wait}");
        foreach (var r in processes) Set(r, p => p with { State = wait ? ProcessState.Stopped : ProcessState.Stopping, Pid = wait ? 0 : p.Pid, StopTime = Now });
        return processes.Select(_ => BackendResult.Ok).ToList();
    }

    public BackendResult Signal(ProcessRef process, int signal)
    {
        Calls.Add($"signal {process.Name} {signal}");
        return BackendResult.Ok;
    }

    public BackendResult SendStdin(ProcessRef process, byte[] data)
    {
        Calls.Add($"stdin {process.Name} {System.Text.Encoding.UTF8.GetString(data)}");
        return BackendResult.Ok;
    }

    public BackendResult SendRemoteCommEvent(string type, string data) => BackendResult.Fail(Faults.Failed, "event listeners are not supported");

    public LogExtent? GetLogExtent(LogTarget log) => Logs.TryGetValue(log, out var b) ? new LogExtent(0, b.Length) : null;

    /// <summary>How many times ReadLog was called.</summary>
    public int LogReads { get; private set; }

    public byte[] ReadLog(LogTarget log, long offset, int count)
    {
        LogReads++;
        var b = Logs[log];
        var from = (int)Math.Min(offset, b.Length);
        return b[from..Math.Min(b.Length, from + count)];
    }

    public BackendResult ClearMainLog()
    {
        if (!Logs.ContainsKey(LogTarget.Main)) return BackendResult.Fail(Faults.NoFile);
        Logs[LogTarget.Main] = [];
        return BackendResult.Ok;
    }

    public BackendResult ClearProcessLogs(ProcessRef process)
    {
        Calls.Add($"clear {process.Name}");
        foreach (var channel in new[] { LogChannel.Stdout, LogChannel.Stderr })
            if (Logs.ContainsKey(LogTarget.Of(process, channel))) Logs[LogTarget.Of(process, channel)] = [];
        return BackendResult.Ok;
    }

    public ReloadOutcome ReloadConfig() => Reload;

    public BackendResult AddProcessGroup(string name)
    {
        if (!ConfiguredGroups.Contains(name)) return BackendResult.Fail(Faults.BadName);
        if (Procs.Any(p => p.Group == name)) return BackendResult.Fail(Faults.AlreadyAdded);
        Add(name, name, ProcessState.Stopped);
        return BackendResult.Ok;
    }

    public BackendResult RemoveProcessGroup(string name)
    {
        if (Procs.Any(p => p.Group == name && ProcessStates.IsRunning(p.State))) return BackendResult.Fail(Faults.StillRunning);
        Procs.RemoveAll(p => p.Group == name);
        return BackendResult.Ok;
    }

    public BackendResult Shutdown()
    {
        State = SupervisorState.Shutdown;
        return BackendResult.Ok;
    }

    public BackendResult Restart()
    {
        State = SupervisorState.Restarting;
        return BackendResult.Ok;
    }
}

/// <summary>A clock frozen at a given second, in a given zone.</summary>
internal sealed class FixedTime(long unixSeconds, TimeZoneInfo? zone = null) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    public override TimeZoneInfo LocalTimeZone => zone ?? TimeZoneInfo.Utc;
}
