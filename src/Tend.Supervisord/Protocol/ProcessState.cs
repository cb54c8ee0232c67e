namespace Tend.Supervisord.Protocol;

/// <summary>supervisord's process states, with the codes that travel in getProcessInfo's "state".</summary>
public enum ProcessState
{
    Stopped = 0,
    Starting = 10,
    Running = 20,
    Backoff = 30,
    Stopping = 40,
    Exited = 100,
    Fatal = 200,
    Unknown = 1000,
}

/// <summary>Names and the state groups supervisord's rules are written in.</summary>
public static class ProcessStates
{
    /// <summary>"RUNNING" for Running: the "statename" field and what supervisorctl status prints.</summary>
    public static string Name(ProcessState state) => state switch
    {
        ProcessState.Stopped => "STOPPED",
        ProcessState.Starting => "STARTING",
        ProcessState.Running => "RUNNING",
        ProcessState.Backoff => "BACKOFF",
        ProcessState.Stopping => "STOPPING",
        ProcessState.Exited => "EXITED",
        ProcessState.Fatal => "FATAL",
        _ => "UNKNOWN",
    };

    /// <summary>Start refuses these (ALREADY_STARTED); stop acts only on these; start-all skips them.</summary>
    public static bool IsRunning(ProcessState s) => s is ProcessState.Running or ProcessState.Backoff or ProcessState.Starting;

    /// <summary>A stop with wait returns once the process is in one of these.</summary>
    public static bool IsStopped(ProcessState s) => s is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal or ProcessState.Unknown;

    /// <summary>Only these may be signalled; others give NOT_RUNNING.</summary>
    public static bool IsSignallable(ProcessState s) => s is ProcessState.Running or ProcessState.Starting or ProcessState.Stopping;
}
