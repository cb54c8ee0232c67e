using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>One published method: its signature ([return type, parameter types...]) and help, as system.* reports them.</summary>
internal sealed record RpcMethod(string Name, string[] Signature, int RequiredParams, string Help, Func<SupervisordRpc, RpcArgs, XmlRpcValue> Invoke)
{
    public int MaxParams => Signature.Length - 1;

    /// <summary>supervisord checks its state in every supervisor.* method except sendRemoteCommEvent.</summary>
    public bool RefusedWhileShuttingDown => Name.StartsWith("supervisor.", StringComparison.Ordinal) && Name != "supervisor.sendRemoteCommEvent";
}

/// <summary>
/// The methods, under the names supervisord publishes, aliases included (getVersion is what
/// supervisorctl calls first). getAllConfigInfo is not here: Tend's backend does not expose
/// supervisord's per-program configuration, and a method that is listed must work.
/// </summary>
internal static class MethodTable
{
    public static readonly IReadOnlyDictionary<string, RpcMethod> ByName = Build();

    private static Dictionary<string, RpcMethod> Build()
    {
        RpcMethod[] methods =
        [
            new("system.listMethods", ["array"], 0, "Return an array listing the available method names.", static (r, a) => r.ListMethods()),
            new("system.methodHelp", ["string", "string"], 1, "Return the documentation of the method named.", static (r, a) => r.MethodHelp(a.String(0))),
            new("system.methodSignature", ["array", "string"], 1, "Return [return type, parameter types...] of the method named.", static (r, a) => r.MethodSignature(a.String(0))),
            new("system.multicall", ["array", "array"], 1, "Run an array of {methodName, params} calls in order; return each result or fault struct.", static (r, a) => r.Multicall(a[0])),

            new("supervisor.getAPIVersion", ["string"], 0, "Return the version of the RPC API used by supervisord.", static (r, a) => SupervisordRpc.ApiVersion),
            new("supervisor.getVersion", ["string"], 0, "Return the version of the RPC API used by supervisord (alias of getAPIVersion).", static (r, a) => SupervisordRpc.ApiVersion),
            new("supervisor.getSupervisorVersion", ["string"], 0, "Return the version of the supervisor.", static (r, a) => r.Backend.Version),
            new("supervisor.getIdentification", ["string"], 0, "Return the identifying string of the supervisor.", static (r, a) => r.Backend.Identification),
            new("supervisor.getState", ["struct"], 0, "Return the supervisor's state as {statecode, statename}.", static (r, a) => r.GetState()),
            new("supervisor.getPID", ["int"], 0, "Return the PID of the supervisor.", static (r, a) => r.Backend.Pid),
            new("supervisor.readLog", ["string", "int", "int"], 2, "Read length bytes from the main log starting at offset.", static (r, a) => r.ReadMainLog(a.Int(0), a.Int(1))),
            new("supervisor.readMainLog", ["string", "int", "int"], 2, "Read length bytes from the main log starting at offset (alias of readLog).", static (r, a) => r.ReadMainLog(a.Int(0), a.Int(1))),
            new("supervisor.clearLog", ["boolean"], 0, "Clear the main log.", static (r, a) => r.ClearMainLog()),
            new("supervisor.shutdown", ["boolean"], 0, "Shut down the supervisor.", static (r, a) => r.Check(r.Backend.Shutdown(), null)),
            new("supervisor.restart", ["boolean"], 0, "Restart the supervisor.", static (r, a) => r.Check(r.Backend.Restart(), null)),
            new("supervisor.reloadConfig", ["array"], 0, "Re-read the configuration; return [[added, changed, removed]] group names.", static (r, a) => r.ReloadConfig()),
            new("supervisor.addProcessGroup", ["boolean", "string"], 1, "Bring a process group from the configuration into use.", static (r, a) => r.AddProcessGroup(a.String(0))),
            new("supervisor.removeProcessGroup", ["boolean", "string"], 1, "Remove a stopped process group from use.", static (r, a) => r.RemoveProcessGroup(a.String(0))),

            new("supervisor.getProcessInfo", ["struct", "string"], 1, "Return information about a process (name or group:name).", static (r, a) => r.GetProcessInfo(a.String(0))),
            new("supervisor.getAllConfigInfo", ["array"], 0, "Return the configuration of every program, in use or not.", static (r, a) => r.GetAllConfigInfo()),
            new("supervisor.getAllProcessInfo", ["array"], 0, "Return information about every process.", static (r, a) => r.GetAllProcessInfo()),
            new("supervisor.startProcess", ["boolean", "string", "boolean"], 1, "Start a process (name, group:name or group:*); wait until it is running.", static (r, a) => r.StartProcess(a.String(0), a.Flag(1))),
            new("supervisor.startProcessGroup", ["array", "string", "boolean"], 1, "Start every process of a group; return a result struct per process.", static (r, a) => r.StartProcessGroup(a.String(0), a.Flag(1))),
            new("supervisor.startAllProcesses", ["array", "boolean"], 0, "Start every process that is not running; return a result struct per process.", static (r, a) => r.StartAllProcesses(a.Flag(0))),
            new("supervisor.stopProcess", ["boolean", "string", "boolean"], 1, "Stop a process (name, group:name or group:*); wait until it has stopped.", static (r, a) => r.StopProcess(a.String(0), a.Flag(1))),
            new("supervisor.stopProcessGroup", ["array", "string", "boolean"], 1, "Stop every process of a group; return a result struct per process.", static (r, a) => r.StopProcessGroup(a.String(0), a.Flag(1))),
            new("supervisor.stopAllProcesses", ["array", "boolean"], 0, "Stop every running process; return a result struct per process.", static (r, a) => r.StopAllProcesses(a.Flag(0))),
            new("supervisor.signalProcess", ["boolean", "string", "string"], 2, "Send a signal (name or number) to a process.", static (r, a) => r.SignalProcess(a.String(0), a.SignalText(1))),
            new("supervisor.signalProcessGroup", ["array", "string", "string"], 2, "Send a signal to every process of a group.", static (r, a) => r.SignalProcessGroup(a.String(0), a.SignalText(1))),
            new("supervisor.signalAllProcesses", ["array", "string"], 1, "Send a signal to every process.", static (r, a) => r.SignalAllProcesses(a.SignalText(0))),
            new("supervisor.sendProcessStdin", ["boolean", "string", "string"], 2, "Write characters to a process's stdin.", static (r, a) => r.SendProcessStdin(a.String(0), a[1])),
            new("supervisor.sendRemoteCommEvent", ["boolean", "string", "string"], 2, "Send a REMOTE_COMMUNICATION event to event listeners.", static (r, a) => r.Check(r.Backend.SendRemoteCommEvent(a.String(0), a.String(1)), null)),

            new("supervisor.readProcessStdoutLog", ["string", "string", "int", "int"], 3, "Read length bytes from a process's stdout log starting at offset.", static (r, a) => r.ReadProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stdout)),
            new("supervisor.readProcessLog", ["string", "string", "int", "int"], 3, "Read length bytes from a process's stdout log (alias of readProcessStdoutLog).", static (r, a) => r.ReadProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stdout)),
            new("supervisor.readProcessStderrLog", ["string", "string", "int", "int"], 3, "Read length bytes from a process's stderr log starting at offset.", static (r, a) => r.ReadProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stderr)),
            new("supervisor.tailProcessStdoutLog", ["array", "string", "int", "int"], 3, "Tail a process's stdout log: return [bytes, next offset, overflow].", static (r, a) => r.TailProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stdout)),
            new("supervisor.tailProcessLog", ["array", "string", "int", "int"], 3, "Tail a process's stdout log (alias of tailProcessStdoutLog).", static (r, a) => r.TailProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stdout)),
            new("supervisor.tailProcessStderrLog", ["array", "string", "int", "int"], 3, "Tail a process's stderr log: return [bytes, next offset, overflow].", static (r, a) => r.TailProcessLog(a.String(0), a.Int(1), a.Int(2), Backend.LogChannel.Stderr)),
            new("supervisor.clearProcessLogs", ["boolean", "string"], 1, "Clear a process's stdout and stderr logs.", static (r, a) => r.ClearProcessLogs(a.String(0))),
            new("supervisor.clearProcessLog", ["boolean", "string"], 1, "Clear a process's stdout and stderr logs (alias of clearProcessLogs).", static (r, a) => r.ClearProcessLogs(a.String(0))),
            new("supervisor.clearAllProcessLogs", ["array"], 0, "Clear every process's logs; return a result struct per process.", static (r, a) => r.ClearAllProcessLogs()),
        ];
        return methods.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }
}
