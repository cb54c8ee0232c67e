using Tend.Supervisord.Backend;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Protocol;

/// <summary>The structs supervisord answers about processes, members in supervisord's order.</summary>
public static class ProcessInfo
{
    /// <summary>getProcessInfo's struct: name, group, start, stop, now, state, statename, spawnerr, exitstatus, logfile, stdout_logfile, stderr_logfile, pid, description.</summary>
    public static XmlRpcStruct Struct(ProcessSnapshot p, long now, TimeZoneInfo zone) => new XmlRpcStructBuilder()
        .Add("name", p.Name)
        .Add("group", p.Group)
        .Add("start", CappedInt(p.StartTime))
        .Add("stop", CappedInt(p.StopTime))
        .Add("now", CappedInt(now))
        .Add("state", (int)p.State)
        .Add("statename", ProcessStates.Name(p.State))
        .Add("spawnerr", p.SpawnError)
        .Add("exitstatus", p.ExitStatus)
        .Add("logfile", p.StdoutLogfile) // kept by supervisord for clients older than stdout_logfile
        .Add("stdout_logfile", p.StdoutLogfile)
        .Add("stderr_logfile", p.StderrLogfile)
        .Add("pid", p.Pid)
        .Add("description", ProcessDescription.For(p, now, zone))
        .Build();

    /// <summary>One entry of a group call's result: status SUCCESS with "OK", or the fault's code and text.</summary>
    public static XmlRpcStruct Result(ProcessSnapshot p, int status, string description) => new XmlRpcStructBuilder()
        .Add("name", p.Name)
        .Add("group", p.Group)
        .Add("status", status)
        .Add("description", description)
        .Build();

    /// <summary>XML-RPC ints are 32-bit; supervisord clamps times the same way (they saturate in 2038).</summary>
    public static int CappedInt(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
