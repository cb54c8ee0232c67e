using System.Globalization;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.Rpc;

namespace Tend.Supervisord.Web;

/// <summary>
/// What the buttons of supervisord's web page do, and the message the page shows afterwards: the
/// same XML-RPC calls supervisord's web interface makes (start and stop wait, restart is a stop then
/// a start whose faults are ignored, restart all is stop all then start all), answered with its own
/// words ("Process web started", "ERROR: Process web: spawn error", "All stopped at ...").
/// </summary>
internal sealed class WebActions(SupervisordRpc rpc, TimeProvider time)
{
    /// <summary>The actions this page knows; anything else is refused before it is tried.</summary>
    public static bool IsKnown(string action) =>
        action is "refresh" or "stopall" or "restartall" or "start" or "stop" or "restart" or "clearlog";

    /// <summary>Whether the action changes anything (refresh only shows the page again).</summary>
    public static bool Changes(string action) => action != "refresh";

    /// <summary>Performs <paramref name="action"/> (one of <see cref="IsKnown"/>) and says what happened; null when it needs a process name and has none.</summary>
    public string? Perform(string action, string? namespec)
    {
        switch (action)
        {
            case "refresh": return $"Page refreshed at {Ctime()}";
            case "stopall":
                Ignoring(() => rpc.StopAllProcesses(wait: true));
                return $"All stopped at {Ctime()}";
            case "restartall":
                Ignoring(() => rpc.StopAllProcesses(wait: true));
                Ignoring(() => rpc.StartAllProcesses(wait: true));
                return $"All restarted at {Ctime()}";
        }
        if (string.IsNullOrEmpty(namespec)) return null;
        if (rpc.FindProcess(namespec) is null) return $"No such process named {namespec}";
        switch (action)
        {
            case "start":
                try { rpc.StartProcess(namespec, wait: true); }
                catch (RpcException e) { return $"ERROR: Process {namespec}: {StartError(e.Fault)}"; }
                return $"Process {namespec} started";
            case "stop":
                try { rpc.StopProcess(namespec, wait: true); }
                catch (RpcException e) { return Unexpected(e.Fault); }
                return $"Process {namespec} stopped";
            case "restart":
                Ignoring(() => rpc.StopProcess(namespec, wait: true));
                Ignoring(() => rpc.StartProcess(namespec, wait: true));
                return $"Process {namespec} restarted";
            default: // clearlog
                try { rpc.ClearProcessLogs(namespec); }
                catch (RpcException e) { return Unexpected(e.Fault); }
                return $"Log for {namespec} cleared";
        }
    }

    private static string StartError(RpcFault fault) => fault.Code switch
    {
        Faults.NoFile => "no such file",
        Faults.NotExecutable => "file not executable",
        Faults.AlreadyStarted => "already started",
        Faults.SpawnError => "spawn error",
        Faults.AbnormalTermination => "abnormal termination",
        _ => Unexpected(fault),
    };

    private static string Unexpected(RpcFault fault) => $"unexpected rpc fault [{fault.Code}] {fault.Text}";

    /// <summary>supervisord runs these as a multicall, where one call's fault does not stop the next.</summary>
    private static void Ignoring(Action call)
    {
        try { call(); }
        catch (RpcException) { }
    }

    /// <summary>Python's time.ctime(): "Fri Dec  4 23:31:17 2026", local time, English names.</summary>
    private string Ctime()
    {
        var t = TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone);
        return t.ToString("ddd MMM ", CultureInfo.InvariantCulture)
            + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }
}
