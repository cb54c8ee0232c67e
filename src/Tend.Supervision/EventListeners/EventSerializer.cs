using System.Globalization;
using System.Text;

namespace Tend.Supervision.EventListeners;

/// <summary>
/// Events as supervisord writes them to a listener (supervisor/events.py payloads, the envelope of
/// EventListenerPool): a header line
/// <c>ver:3.0 server:ID serial:N pool:NAME poolserial:N eventname:TYPE len:N\n</c> then the payload.
/// </summary>
public static class EventSerializer
{
    public static ListenerEvent ProcessState(in ProcessStateInfo s)
    {
        var sb = new StringBuilder()
            .Append("processname:").Append(s.ProcessName)
            .Append(" groupname:").Append(s.GroupName)
            .Append(" from_state:").Append(EventTypes.StateName(s.From));
        switch (s.To)
        {
            case ProgramState.Starting or ProgramState.Backoff:
                sb.Append(" tries:").Append(Num(s.Tries));
                break;
            case ProgramState.Exited:
                sb.Append(" expected:").Append(s.Expected ? '1' : '0').Append(" pid:").Append(Num(s.Pid));
                break;
            case ProgramState.Running or ProgramState.Stopping or ProgramState.Stopped:
                sb.Append(" pid:").Append(Num(s.Pid));
                break;
            // FATAL (and UNKNOWN) carry nothing more.
        }
        return new ListenerEvent(EventTypes.ForState(s.To), sb.ToString());
    }

    /// <summary>SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING: an empty payload.</summary>
    public static ListenerEvent SupervisorRunning() => new(EventTypes.SupervisorStateChangeRunning, "");

    public static ListenerEvent SupervisorStopping() => new(EventTypes.SupervisorStateChangeStopping, "");

    /// <summary>TICK_5/60/3600; <paramref name="when"/> is the start of the period that began (see <see cref="TickSchedule"/>).</summary>
    public static ListenerEvent Tick(int period, long when)
    {
        if (period is not (5 or 60 or 3600)) throw new ArgumentOutOfRangeException(nameof(period), period, "TICK periods are 5, 60 and 3600");
        return new ListenerEvent("TICK_" + Num(period), "when:" + Num(when));
    }

    /// <summary>What supervisor.sendRemoteCommEvent(type, data) raises.</summary>
    public static ListenerEvent RemoteCommunication(string type, string data) =>
        new(EventTypes.RemoteCommunication, "type:" + type + "\n" + data);

    public static ListenerEvent ProcessGroupAdded(string group) => new(EventTypes.ProcessGroupAdded, "groupname:" + group + "\n");

    public static ListenerEvent ProcessGroupRemoved(string group) => new(EventTypes.ProcessGroupRemoved, "groupname:" + group + "\n");

    /// <summary>PROCESS_LOG_STDOUT / _STDERR for a program with stdout_events_enabled / stderr_events_enabled.</summary>
    public static ListenerEvent ProcessLog(bool stderr, string processName, string groupName, int pid, string data)
    {
        var channel = stderr ? "stderr" : "stdout";
        return new ListenerEvent(stderr ? EventTypes.ProcessLogStderr : EventTypes.ProcessLogStdout,
            $"processname:{processName} groupname:{groupName} pid:{Num(pid)} channel:{channel}\n{data}");
    }

    /// <summary>
    /// Header and payload as the bytes written to the listener's stdin. len: counts characters
    /// (code points), not bytes: supervisord takes len() of a Python str, and childutils reads the
    /// payload from a text-mode stdin by characters, so this is what existing listeners expect.
    /// The two agree for ASCII payloads.
    /// </summary>
    public static byte[] Envelope(QueuedEvent e, string pool, string server = "supervisor")
    {
        var payload = e.Event.Payload;
        var length = 0;
        foreach (var _ in payload.EnumerateRunes()) length++;
        var text = $"ver:3.0 server:{server} serial:{Num(e.Serial)} pool:{pool} poolserial:{Num(e.PoolSerial)} eventname:{e.Event.Name} len:{Num(length)}\n{payload}";
        return Encoding.UTF8.GetBytes(text);
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
