using Tend.Supervisord.Backend;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Protocol;

/// <summary>getAllConfigInfo's struct, members in supervisord's order; None is sent as "none".</summary>
public static class ConfigInfo
{
    public static XmlRpcStruct Struct(ProcessConfig c) => new XmlRpcStructBuilder()
        .Add("autostart", new XmlRpcBool(c.AutoStart))
        .Add("autorestart", c.AutoRestart)
        .Add("directory", c.Directory ?? "none")
        .Add("uid", c.Uid ?? "none")
        .Add("command", c.Command)
        .Add("exitcodes", new XmlRpcArray(c.ExitCodes.Select(e => (XmlRpcValue)e).ToArray()))
        .Add("group", c.Group)
        .Add("group_prio", c.GroupPriority)
        .Add("inuse", new XmlRpcBool(c.InUse))
        .Add("killasgroup", new XmlRpcBool(c.KillAsGroup))
        .Add("name", c.Name)
        .Add("process_prio", c.ProcessPriority)
        .Add("redirect_stderr", new XmlRpcBool(c.RedirectStderr))
        .Add("startretries", c.StartRetries)
        .Add("startsecs", c.StartSecs)
        .Add("stdout_capture_maxbytes", 0)
        .Add("stdout_events_enabled", new XmlRpcBool(false))
        .Add("stdout_logfile", c.StdoutLogfile ?? "none")
        .Add("stdout_logfile_backups", c.StdoutBackups)
        .Add("stdout_logfile_maxbytes", ProcessInfo.CappedInt(c.StdoutMaxBytes))
        .Add("stdout_syslog", new XmlRpcBool(false))
        .Add("stopsignal", c.StopSignal)
        .Add("stopwaitsecs", c.StopWaitSecs)
        .Add("stderr_capture_maxbytes", 0)
        .Add("stderr_events_enabled", new XmlRpcBool(false))
        .Add("stderr_logfile", c.StderrLogfile ?? "none")
        .Add("stderr_logfile_backups", c.StderrBackups)
        .Add("stderr_logfile_maxbytes", ProcessInfo.CappedInt(c.StderrMaxBytes))
        .Add("stderr_syslog", new XmlRpcBool(false))
        .Add("serverurl", c.ServerUrl ?? "none")
        .Add("stopasgroup", new XmlRpcBool(c.StopAsGroup))
        .Build();
}
