using Tend.Posix;
using Tend.Posix.Sockets;

namespace Tend.Supervision;

/// <summary>
/// Readiness told by the program itself, feeding the same readiness as probes (the `ready`
/// dependency condition, health, s6-rc's "up" for a longrun with a notification-fd):
/// <list type="bullet">
/// <item>s6 notification-fd: a pipe whose write end the child gets as descriptor N; a newline on it
/// means ready, after which Tend closes its end (as s6-supervise does);</item>
/// <item>systemd sd_notify: a datagram socket per program, passed as NOTIFY_SOCKET; READY=1 means
/// ready, STATUS= is logged, the rest is ignored. The socket lives as long as Tend, so a message sent
/// just before a restart is harmless: it counts only while the program runs.</item>
/// </list>
/// Both descriptors are non-blocking and read on the loop thread from the one epoll set.
/// </summary>
public sealed partial class Supervisor
{
    private const ulong FirstWatchToken = 1000;
    private ulong _nextWatchToken = FirstWatchToken;
    private readonly Dictionary<ulong, Action> _watched = [];
    private readonly Dictionary<int, ulong> _watchTokens = [];
    private readonly Dictionary<string, DatagramSocket> _notifySockets = [];
    private DirectoryInfo? _notifyDir;

    private void Watch(int fd, Action onReadable)
    {
        var token = _nextWatchToken++;
        _epoll.Add(fd, token);
        _watched[token] = onReadable;
        _watchTokens[fd] = token;
    }

    private void Unwatch(int fd)
    {
        if (!_watchTokens.Remove(fd, out var token)) return;
        _epoll.Remove(fd);
        _watched.Remove(token);
    }

    private void OnWatchedReadable(ulong token)
    {
        if (_watched.TryGetValue(token, out var action)) action();
    }

    /// <summary>For a program with a notification-fd: the write end to pass it (the read end is watched); -1 otherwise.</summary>
    private int OpenNotificationPipe(ProgramRuntime p)
    {
        CloseNotificationPipe(p);
        if (p.Spec.NotificationFd is null) return -1;
        var (read, write) = Fd.Pipe();
        Fd.SetNonBlocking(read);
        p.NotifyReadFd = read;
        Watch(read, () => OnNotificationReadable(p, read));
        return write;
    }

    private void CloseNotificationPipe(ProgramRuntime p)
    {
        if (p.NotifyReadFd < 0) return;
        Unwatch(p.NotifyReadFd);
        Fd.Close(p.NotifyReadFd);
        p.NotifyReadFd = -1;
    }

    private void OnNotificationReadable(ProgramRuntime p, int fd)
    {
        if (p.NotifyReadFd != fd) return;
        Span<byte> buffer = stackalloc byte[512];
        while (true)
        {
            var n = Fd.Read(fd, buffer, out _);
            if (n < 0) return; // nothing more now
            if (n == 0)
            {
                CloseNotificationPipe(p); // closed without a newline: not ready in this run
                return;
            }
            if (buffer[..n].Contains((byte)'\n'))
            {
                CloseNotificationPipe(p);
                MarkNotifiedReady(p, $"notification-fd {p.Spec.NotificationFd}");
                return;
            }
        }
    }

    /// <summary>The NOTIFY_SOCKET path for a program with sd_notify (bound on first use), or null.</summary>
    private string? NotifySocketOf(ProgramRuntime p)
    {
        if (!p.Spec.SdNotify) return null;
        if (_notifySockets.TryGetValue(p.Name, out var existing)) return existing.Path;
        // A private directory per Tend: parallel Tends (tests, nested containers) never share a path.
        if (_notifyDir is null)
        {
            _notifyDir = Directory.CreateTempSubdirectory("tend-notify-");
            // Searchable but not listable: a program running as another user reaches its own
            // socket by path (and only that one: each socket is owned by its program's user).
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(_notifyDir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                     UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var socket = DatagramSocket.Bind(Path.Combine(_notifyDir.FullName, p.Name));
        if (p.Spec.User is { } user && ProcessControl.IsRoot)
        {
            var owner = p.Spec.Group is { } group ? $"{user}:{group}" : user;
            if (FileOwner.Change(socket.Path, owner) is { } why) Log($"{p.Name}: its NOTIFY_SOCKET stays root's, so READY=1 from {user} will be refused: {why}");
        }
        _notifySockets[p.Name] = socket;
        Watch(socket.Fd, () => OnNotifyDatagrams(p.Name, socket));
        return socket.Path;
    }

    private void OnNotifyDatagrams(string name, DatagramSocket socket)
    {
        for (var i = 0; i < 64 && socket.Receive() is { } message; i++)
        {
            var p = Find(name);
            if (p is null || p.Pid <= 0) continue; // from a run that has ended
            foreach (var line in message.Split('\n'))
            {
                if (line == "READY=1") MarkNotifiedReady(p, "sd_notify READY=1");
                else if (line.StartsWith("STATUS=", StringComparison.Ordinal)) Log($"{p.Name} status: {line[7..]}");
            }
        }
    }

    private void MarkNotifiedReady(ProgramRuntime p, string how)
    {
        if (p.NotifiedReady || p.Pid <= 0) return;
        p.NotifiedReady = true;
        if (p.Spec.Kind == Model.ProgramKind.Longrun) p.StartTimeoutAtMs = long.MaxValue;
        // Ready implies started: a program that says so need not sit out start_seconds.
        if (p.State == ProgramState.Starting) EnterRunning(p, Clock.NowMs);
        Log($"{p.Name} is ready ({how})");
        if (_waiters.Count > 0) SettleWaiters(p);
    }

    private void DisposeNotifySockets()
    {
        foreach (var socket in _notifySockets.Values) socket.Dispose();
        _notifySockets.Clear();
        try { _notifyDir?.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
