using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Server;

/// <summary>
/// supervisorctl's view of the running Tend: the XML-RPC layer's <see cref="ISupervisordBackend"/>
/// over the supervisor. Every read and action runs on the supervision loop thread (Call); waits
/// (a start until RUNNING, a stop until down) block only the request's own thread (Await).
/// Logs come from the in-memory history, or from the program's log file when it has one.
/// </summary>
internal sealed partial class SupervisorBackend(
    Supervisor supervisor, LogHistory history, LogMux logs, SupervisordSettings settings, ConfigReader reread) : ISupervisordBackend
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private const string SelfName = "tend";

    public string Identification => settings.Identifier;

    public string Version => typeof(SupervisorBackend).Assembly.GetName().Version?.ToString(3) ?? "0";

    public int Pid => Environment.ProcessId;

    public SupervisorState State =>
        supervisor.Call(() => supervisor.ShuttingDown, CallTimeout) ? SupervisorState.Shutdown : SupervisorState.Running;

    public IReadOnlyList<ProcessSnapshot> Processes() =>
        supervisor.Call(() => supervisor.Programs.Select(Snapshot).ToList(), CallTimeout);

    private static ProcessSnapshot Snapshot(ProgramRuntime p) => new(
        Group: GroupOf(p.Spec),
        Name: p.Name,
        State: (ProcessState)(p.State switch
        {
            ProgramState.Stopped => 0,
            ProgramState.Starting => 10,
            ProgramState.Running => 20,
            ProgramState.Backoff => 30,
            ProgramState.Stopping => 40,
            ProgramState.Exited => 100,
            ProgramState.Fatal => 200,
            _ => 1000,
        }),
        Pid: p.Pid,
        StartTime: p.StartedAtUnixMs / 1000,
        StopTime: p.StoppedAtUnixMs / 1000,
        // supervisord reports -1 for a process killed by a signal (no exit code).
        ExitStatus: p.LastExit is { Signaled: true } ? -1 : p.LastExit?.Code ?? 0,
        SpawnError: p.LastError ?? (p.ExitedTooQuickly ? "Exited too quickly (process log may have details)" : ""),
        StdoutLogfile: p.Spec.Stdout.File?.Path ?? "",
        StderrLogfile: p.Spec.RedirectStderr ? "" : p.Spec.Stderr.File?.Path ?? "");

    internal static string GroupOf(ProgramSpec spec) => spec.GroupName;

    public IReadOnlyList<BackendResult> Start(IReadOnlyList<ProcessRef> processes, bool wait)
    {
        var started = supervisor.Call(() => processes.Select(r =>
        {
            var p = supervisor.Find(r.Name);
            if (p is null) return BackendResult.Fail(Faults.BadName, r.Name);
            var outcome = supervisor.StartProgram(p);
            if (outcome.Ok) return BackendResult.Ok;
            return supervisor.ShuttingDown
                ? BackendResult.Fail(Faults.ShutdownState)
                : BackendResult.Fail(Faults.AlreadyStarted, Namespec.Make(GroupOf(p.Spec), p.Name));
        }).ToList(), CallTimeout);
        if (!wait) return started;
        var results = new BackendResult[processes.Count];
        for (var i = 0; i < processes.Count; i++)
            results[i] = !started[i].Succeeded ? started[i] : WaitForStart(processes[i].Name);
        return results;
    }

    /// <summary>supervisord's start-and-wait: RUNNING is success; leaving STARTING any other way is not.</summary>
    private BackendResult WaitForStart(string name)
    {
        var verdict = supervisor.Await<BackendResultBox>(name, p => p switch
        {
            null => new(BackendResult.Fail(Faults.BadName, name)),
            { State: ProgramState.Running } => new(BackendResult.Ok),
            { State: ProgramState.Starting } => null,
            { Phase: Phase.WaitingForDependencies or Phase.WaitingForFinish or Phase.WaitingForStartHook } => null, // a start that waits
            { Pid: 0, LastError: not null } => new(BackendResult.Fail(Faults.SpawnError, name)),
            _ => new(BackendResult.Fail(Faults.AbnormalTermination, name)),
        }, StartWaitLimit(name));
        return verdict?.Result ?? BackendResult.Fail(Faults.Failed, $"{name}: still starting after the wait limit");
    }

    private TimeSpan StartWaitLimit(string name) =>
        supervisor.Call(() => supervisor.Find(name)?.Spec.StartSeconds ?? TimeSpan.Zero, CallTimeout) + TimeSpan.FromMinutes(2);

    public IReadOnlyList<BackendResult> Stop(IReadOnlyList<ProcessRef> processes, bool wait)
    {
        var stopped = supervisor.Call(() => processes.Select(r =>
        {
            var p = supervisor.Find(r.Name);
            if (p is null) return BackendResult.Fail(Faults.BadName, r.Name);
            return supervisor.StopProgram(p).Ok ? BackendResult.Ok : BackendResult.Fail(Faults.NotRunning, Namespec.Make(GroupOf(p.Spec), p.Name));
        }).ToList(), CallTimeout);
        if (!wait) return stopped;
        var results = new BackendResult[processes.Count];
        for (var i = 0; i < processes.Count; i++)
        {
            if (!stopped[i].Succeeded) { results[i] = stopped[i]; continue; }
            var name = processes[i].Name;
            var limit = supervisor.Call(() => supervisor.Find(name)?.Spec.StopTimeout ?? TimeSpan.Zero, CallTimeout) + TimeSpan.FromSeconds(30);
            var down = supervisor.Await<BackendResultBox>(name, p => p is null || p.IsDown ? new(BackendResult.Ok) : null, limit);
            results[i] = down?.Result ?? BackendResult.Fail(Faults.Failed, $"{name}: did not stop in time");
        }
        return results;
    }

    public BackendResult Signal(ProcessRef process, int signal) => supervisor.Call(() =>
    {
        var p = supervisor.Find(process.Name);
        if (p is null) return BackendResult.Fail(Faults.BadName, process.Name);
        return supervisor.SignalProgram(p, signal).Ok ? BackendResult.Ok : BackendResult.Fail(Faults.NotRunning, process.Name);
    }, CallTimeout);

    // Tend gives programs /dev/null as stdin (a pipe nobody writes would hold some programs forever).
    public BackendResult SendStdin(ProcessRef process, byte[] data) =>
        BackendResult.Fail(Faults.NoFile, $"{process.Name}: tend gives programs /dev/null as stdin");

    /// <summary>REMOTE_COMMUNICATION to the listeners that subscribe to it (supervisord succeeds even when none does).</summary>
    public BackendResult SendRemoteCommEvent(string type, string data)
    {
        supervisor.Call(() => supervisor.PublishRemoteCommunication(type, data), CallTimeout);
        return BackendResult.Ok;
    }

    public BackendResult Shutdown()
    {
        supervisor.Call(supervisor.RequestShutdown, CallTimeout);
        return BackendResult.Ok;
    }

    /// <summary>supervisord's restart (supervisorctl reload): re-read the configuration and restart every program.</summary>
    public BackendResult Restart()
    {
        var outcome = supervisor.Call(() =>
        {
            var reloaded = supervisor.Reload();
            if (!reloaded.Ok) return reloaded;
            foreach (var p in supervisor.Programs.ToList())
                if (!p.IsDown) supervisor.RestartProgram(p);
            return reloaded;
        }, CallTimeout);
        return outcome.Ok ? BackendResult.Ok : BackendResult.Fail(Faults.Failed, outcome.Message);
    }

    /// <summary>Await needs a reference type; BackendResult is a struct.</summary>
    private sealed record BackendResultBox(BackendResult Result);
}

/// <summary>Reads the configuration file again: the programs, or the errors.</summary>
public delegate (IReadOnlyList<ProgramSpec>? Programs, IReadOnlyList<string> Errors) ConfigReader();
