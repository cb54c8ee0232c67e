using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Backend;

/// <summary>
/// Everything the XML-RPC layer needs from the running system, and nothing else. The dispatcher
/// resolves names, checks states, formats texts and shapes replies; a backend only reports and acts.
/// Calls come from request threads and may block (a start with wait holds the reply until the
/// process is RUNNING, as supervisord does). A backend that cannot do something returns the fault
/// supervisord would give (FAILED with a reason when there is none closer), never a fake success.
/// </summary>
public interface ISupervisordBackend
{
    /// <summary>supervisord's [supervisord] identifier; "supervisor" by default.</summary>
    string Identification { get; }

    /// <summary>What getSupervisorVersion returns (supervisorctl version prints it).</summary>
    string Version { get; }

    /// <summary>The supervisor's own pid (getPID).</summary>
    int Pid { get; }

    /// <summary>Running normally, restarting or shutting down; below Running every supervisor.* call faults SHUTDOWN_STATE.</summary>
    SupervisorState State { get; }

    /// <summary>Every process, in priority (start) order. Group calls and start-all/stop-all act in this order.</summary>
    IReadOnlyList<ProcessSnapshot> Processes();

    /// <summary>Every program of the configuration as last read (in use or not), for getAllConfigInfo.</summary>
    IReadOnlyList<ProcessConfig> Configs();

    /// <summary>
    /// Starts each process, all together, and answers one result per process in the same order.
    /// Without <paramref name="wait"/>: SUCCESS once spawned, SPAWN_ERROR if the spawn failed.
    /// With it: block until each is RUNNING (SUCCESS), or left STARTING for anything else
    /// (ABNORMAL_TERMINATION), or could not be spawned (SPAWN_ERROR). Also: NO_FILE or NOT_EXECUTABLE
    /// (detail: the reason) when the command cannot run, ALREADY_STARTED if it raced with another start.
    /// </summary>
    IReadOnlyList<BackendResult> Start(IReadOnlyList<ProcessRef> processes, bool wait);

    /// <summary>
    /// Sends each process its stop signal, all together, one result per process in order. With
    /// <paramref name="wait"/>: block until each is in a stopped state (STOPPED, EXITED, FATAL).
    /// NOT_RUNNING if it already was not running; FAILED (detail: why) if the signal could not be sent.
    /// </summary>
    IReadOnlyList<BackendResult> Stop(IReadOnlyList<ProcessRef> processes, bool wait);

    /// <summary>Sends signal number <paramref name="signal"/>. NOT_RUNNING when there is no process; FAILED with the reason otherwise.</summary>
    BackendResult Signal(ProcessRef process, int signal);

    /// <summary>Writes to the process's stdin. NOT_RUNNING, or NO_FILE when its stdin is closed or not a pipe.</summary>
    BackendResult SendStdin(ProcessRef process, byte[] data);

    /// <summary>Emits REMOTE_COMMUNICATION to event listeners; FAILED when the backend has none.</summary>
    BackendResult SendRemoteCommEvent(string type, string data);

    /// <summary>Which bytes of a log can still be read; null when the log does not exist (NO_FILE).</summary>
    LogExtent? GetLogExtent(LogTarget log);

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/>; fewer when the log is shorter than that, or was cleared meanwhile.</summary>
    byte[] ReadLog(LogTarget log, long offset, int count);

    /// <summary>Empties the supervisor's own log. NO_FILE when there is none, FAILED with the reason.</summary>
    BackendResult ClearMainLog();

    /// <summary>Empties the process's stdout and stderr logs. FAILED with the reason.</summary>
    BackendResult ClearProcessLogs(ProcessRef process);

    /// <summary>Re-reads the configuration; reports groups added, changed and removed, without applying them.</summary>
    ReloadOutcome ReloadConfig();

    /// <summary>Brings a group from the re-read configuration into use. BAD_NAME if the configuration has none, ALREADY_ADDED.</summary>
    BackendResult AddProcessGroup(string name);

    /// <summary>Drops a group from use. BAD_NAME if there is none, STILL_RUNNING while any process in it runs.</summary>
    BackendResult RemoveProcessGroup(string name);

    /// <summary>Begins the orderly shutdown; returns at once.</summary>
    BackendResult Shutdown();

    /// <summary>Begins a restart of the supervisor (stop everything, re-read, start again); returns at once.</summary>
    BackendResult Restart();
}
