namespace Tend.Supervisord.Protocol;

/// <summary>supervisord's own state ("mood"), as getState reports it.</summary>
public enum SupervisorState
{
    Fatal = 2,
    Running = 1,
    Restarting = 0,
    Shutdown = -1,
}

public static class SupervisorStates
{
    public static string Name(SupervisorState state) => state switch
    {
        SupervisorState.Fatal => "FATAL",
        SupervisorState.Running => "RUNNING",
        SupervisorState.Restarting => "RESTARTING",
        SupervisorState.Shutdown => "SHUTDOWN",
        _ => "UNKNOWN",
    };

    /// <summary>Below RUNNING (restarting or shutting down) every supervisor.* call is refused with SHUTDOWN_STATE.</summary>
    public static bool RefusesCalls(SupervisorState state) => (int)state < (int)SupervisorState.Running;
}
