using Tend.Logging;
using Tend.Posix;
using Tend.Supervision.EventListeners;

namespace Tend.Supervision;

/// <summary>
/// supervisord's event listeners ([eventlistener:x]): programs whose stdin and stdout are the event
/// protocol. Their pipes are in the loop's own epoll set (the protocol is a few small messages, and
/// the state it follows lives here), events are raised from state changes and a tick schedule, and
/// a listener that misbehaves is reported, never allowed to disturb supervision.
/// </summary>
public sealed partial class Supervisor
{
    // Tokens above this are listener pipes: the low bit says stdin (1) or stdout (0).
    private const ulong ListenerTokenBase = 1UL << 40;

    private readonly EventHub _hub = new();
    private readonly Dictionary<ulong, ListenerChannel> _listenerTokens = [];
    private readonly Dictionary<ProgramRuntime, ListenerChannel> _listenerOf = [];
    private readonly Dictionary<ListenerChannel, ulong> _tokenOf = [];
    private readonly TickSchedule _ticks = new();
    private ulong _nextListenerToken = ListenerTokenBase;
    private long _nextTickMs = long.MaxValue;

    /// <summary>Raises REMOTE_COMMUNICATION (supervisord's sendRemoteCommEvent); false when no listener wants it.</summary>
    public bool PublishRemoteCommunication(string type, string data) =>
        _hub.Publish(EventSerializer.RemoteCommunication(type, data)) is not null;

    /// <summary>Whether any [eventlistener:x] exists.</summary>
    public bool HasEventListeners => _hub.Pools.Count > 0;

    private void SetUpEventListeners()
    {
        Observe(PublishStateChange);
        foreach (var p in _programs)
            if (p.Spec.EventListener is not null) PoolFor(p);
        _ticks.Due(Clock.UnixMs / 1000); // the schedule starts now: the first tick is the next boundary
        if (_hub.Pools.Any(pool => TickSchedule.Periods.Any(t => pool.Subscription.Wants("TICK_" + t))))
            _nextTickMs = NextTickMs();
        PublishSupervisorState(running: true);
    }

    private ListenerPool PoolFor(ProgramRuntime p)
    {
        var name = p.Spec.GroupName;
        if (_hub.Find(name) is { } existing) return existing;
        var spec = p.Spec.EventListener!;
        var reports = new ListenerReports
        {
            Log = message => Log(message),
            Output = (process, bytes) => Log($"{process} wrote outside the event protocol: {System.Text.Encoding.UTF8.GetString(bytes).TrimEnd()}"),
            WatchWritable = WatchListenerStdin,
            Broken = (channel, why) => Log($"{channel.ProcessName}: event listener protocol error ({why}); it gets no more events", level: Chat.Warning),
        };
        var pool = new ListenerPool(name, EventSubscription.Parse(spec.Events), spec.BufferSize, reports);
        _hub.Add(pool);
        return pool;
    }

    /// <summary>After spawning a listener: its stdin write end and stdout read end become a channel.</summary>
    private void AttachListener(ProgramRuntime p, int stdinWrite, int stdoutRead)
    {
        Fd.SetNonBlocking(stdinWrite);
        Fd.SetNonBlocking(stdoutRead);
        var channel = PoolFor(p).Attach(p.Name, stdinWrite, stdoutRead);
        channel.SetRunning(false); // events go only to RUNNING listeners, as in supervisord
        var token = _nextListenerToken += 2;
        _listenerTokens[token] = channel;
        _listenerTokens[token | 1] = channel;
        _tokenOf[channel] = token;
        _listenerOf[p] = channel;
        _epoll.Add(stdoutRead, token);
    }

    private void DetachListener(ProgramRuntime p)
    {
        if (!_listenerOf.Remove(p, out var channel)) return;
        var token = _tokenOf[channel];
        _tokenOf.Remove(channel);
        _listenerTokens.Remove(token);
        _listenerTokens.Remove(token | 1);
        _epoll.Remove(channel.StdoutFd);
        _epoll.Remove(channel.StdinFd);
        _hub.Find(p.Spec.GroupName)?.Detach(channel);
    }

    private void WatchListenerStdin(ListenerChannel channel, bool on)
    {
        if (!_tokenOf.TryGetValue(channel, out var token)) return;
        if (on) _epoll.AddWritable(channel.StdinFd, token | 1);
        else _epoll.Remove(channel.StdinFd);
    }

    /// <summary>A listener pipe is ready; false when the token is not a listener's.</summary>
    private bool HandleListenerToken(ulong token)
    {
        if (token < ListenerTokenBase || !_listenerTokens.TryGetValue(token, out var channel)) return false;
        if ((token & 1) == 1) channel.FlushWritable();
        else if (!channel.OnReadable()) _epoll.Remove(channel.StdoutFd); // closed: the exit follows
        return true;
    }

    private void PublishStateChange(StateChange change)
    {
        if (_hub.Pools.Count == 0 || change.From == change.To) return;
        var p = change.Program;
        if (_listenerOf.TryGetValue(p, out var channel))
        {
            if (change.To == ProgramState.Running) channel.SetRunning(true);
            else if (change.To == ProgramState.Stopping) channel.SetRunning(false);
        }
        var info = change.ToEventInfo(p.Pid > 0 ? p.Pid : p.LastPid);
        _hub.Publish(EventSerializer.ProcessState(info));
    }

    /// <summary>stdout_events_enabled / stderr_events_enabled: each chunk the log thread reads becomes a PROCESS_LOG event on the loop.</summary>
    private Logging.LogRoute WithEvents(Logging.LogRoute route, ProgramRuntime p, Model.LogOutputSpec spec, bool stderr)
    {
        if (!spec.Events) return route;
        // Attached just before the pid is known; output read after the exit still names that run's pid.
        var pid = 0;
        return route with
        {
            Events = chunk => Post(() =>
            {
                if (p.Pid != 0) pid = p.Pid;
                _hub.Publish(EventSerializer.ProcessLog(stderr, p.Name, p.Spec.GroupName, pid, System.Text.Encoding.UTF8.GetString(chunk)));
            }),
        };
    }

    private void PublishSupervisorState(bool running)
    {
        if (_hub.Pools.Count == 0) return;
        _hub.Publish(running ? EventSerializer.SupervisorRunning() : EventSerializer.SupervisorStopping());
    }

    private void FireTicks(long nowMs)
    {
        if (nowMs < _nextTickMs) return;
        foreach (var tick in _ticks.Due(Clock.UnixMs / 1000)) _hub.Publish(tick);
        _nextTickMs = NextTickMs();
    }

    /// <summary>The monotonic time of the next 5-second boundary of wall-clock time.</summary>
    private static long NextTickMs()
    {
        var unixMs = Clock.UnixMs;
        var due = TickSchedule.NextDue(unixMs / 1000) * 1000;
        return Clock.NowMs + Math.Max(0, due - unixMs);
    }
}
