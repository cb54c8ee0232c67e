using Tend.Posix;
using Tend.Posix.Sockets;

namespace Tend.Supervision;

/// <summary>
/// Readiness told by the program itself, feeding the same readiness as probes (the `ready`
/// dependency condition, health, s6-rc's "up" for a longrun with a notification-fd):
/// <list type="bullet">
/// <item>s6 notification-fd: a pipe whose write end the child gets as descriptor N; a newline on it
/// means ready, after which Tend closes its end (as s6-supervise does). At most
/// <see cref="NotificationLineLimit"/> bytes are read before the newline: past them Tend closes
/// its end too and says so, where s6-supervise reads on for as long as the program writes (a
/// program writing without end kept PID 1 reading, at up to 90 % of a core);</item>
/// <item>systemd sd_notify: a datagram socket per program, passed as NOTIFY_SOCKET; READY=1 means
/// ready, STATUS= is logged, the rest is ignored. The socket lives as long as Tend, so a message sent
/// just before a restart is harmless: it counts only while the program runs, and only from the
/// program's own processes.</item>
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
        p.NotifyBytesRead = 0;
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

    /// <summary>s6-supervise's read size: a readiness line is a newline, perhaps after a few words, never kilobytes.</summary>
    internal const int NotificationLineLimit = 4096;

    private void OnNotificationReadable(ProgramRuntime p, int fd)
    {
        if (p.NotifyReadFd != fd) return;
        Span<byte> buffer = stackalloc byte[NotificationLineLimit];
        while (true)
        {
            // Never more than the bound in all: what is read is all Tend ever spends on this pipe.
            var n = Fd.Read(fd, buffer[..(NotificationLineLimit - p.NotifyBytesRead)], out var errno);
            if (n < 0 && errno == 11) return; // EAGAIN: nothing more now
            if (n <= 0)
            {
                CloseNotificationPipe(p); // closed (or broken) without a newline: not ready in this run
                return;
            }
            if (buffer[..n].Contains((byte)'\n'))
            {
                CloseNotificationPipe(p);
                MarkNotifiedReady(p, $"notification-fd {p.Spec.NotificationFd}");
                return;
            }
            p.NotifyBytesRead += n;
            if (p.NotifyBytesRead >= NotificationLineLimit)
            {
                CloseNotificationPipe(p);
                Log($"{p.Name}: {NotificationLineLimit} bytes on notification-fd {p.Spec.NotificationFd} without a newline: no longer read, so not ready in this run",
                    level: Chat.Warning);
                return;
            }
        }
    }

    /// <summary>
    /// The NOTIFY_SOCKET path for a program with sd_notify (bound on first use), or null. Each
    /// socket is bound inside a directory of its own that only root can enter at that moment, then
    /// given mode 0600 and the program's user, and only then is the directory opened for search:
    /// nobody else can reach the socket at any moment, whatever Tend's umask (at umask 000 the
    /// sockets used to be writable by every user).
    /// </summary>
    private string? NotifySocketOf(ProgramRuntime p)
    {
        if (!p.Spec.SdNotify || OperatingSystem.IsWindows()) return null;
        if (_notifySockets.TryGetValue(p.Name, out var existing))
        {
            OwnNotifySocket(p, existing.Path); // a reload may have changed the program's user
            return existing.Path;
        }
        // A private directory per Tend: parallel Tends (tests, nested containers) never share a path.
        _notifyDir ??= Directory.CreateTempSubdirectory("tend-notify-"); // mode 0700
        File.SetUnixFileMode(_notifyDir.FullName, SearchOnly);
        var dir = Directory.CreateDirectory(Path.Combine(_notifyDir.FullName, p.Name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var socket = DatagramSocket.Bind(Path.Combine(dir.FullName, "notify"));
        File.SetUnixFileMode(socket.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        OwnNotifySocket(p, socket.Path);
        File.SetUnixFileMode(dir.FullName, SearchOnly);
        _notifySockets[p.Name] = socket;
        Watch(socket.Fd, () => OnNotifyDatagrams(p.Name, socket));
        return socket.Path;
    }

    private readonly Dictionary<string, string> _notifySocketOwners = [];

    /// <summary>Gives the socket to the program's user (root's when it has none), when it is not theirs already.</summary>
    private void OwnNotifySocket(ProgramRuntime p, string path)
    {
        if (!ProcessControl.IsRoot) return;
        var owner = p.Spec.User is { } user ? (p.Spec.Group is { } group ? $"{user}:{group}" : user) : "0:0";
        if (_notifySocketOwners.GetValueOrDefault(p.Name, "0:0") == owner) return;
        if (FileOwner.Change(path, owner) is { } why)
            Log($"{p.Name}: its NOTIFY_SOCKET is not {owner}'s, so READY=1 from {owner} will be refused: {why}");
        else _notifySocketOwners[p.Name] = owner;
    }

    /// <summary>Searchable but not listable or writable: a program running as another user reaches its own socket by path, and the socket's mode and owner decide the rest.</summary>
    private const UnixFileMode SearchOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                            UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Dictionary<string, int> _notifyRefusals = [];

    private void OnNotifyDatagrams(string name, DatagramSocket socket)
    {
        for (var i = 0; i < 64 && socket.Receive() is { } message; i++)
        {
            var p = Find(name);
            if (p is null || p.Pid <= 0) continue; // from a run that has ended
            // The kernel names the sender (SCM_CREDENTIALS): a message counts only from the
            // program's own processes, so one program cannot declare another ready.
            if (!ProcessTree.Belongs(message.SenderPid, p.Pid))
            {
                RefuseNotification(p, message.SenderPid);
                continue;
            }
            foreach (var line in message.Text.Split('\n'))
            {
                if (line == "READY=1") MarkNotifiedReady(p, "sd_notify READY=1");
                else if (line.StartsWith("STATUS=", StringComparison.Ordinal)) Log($"{p.Name} status: {line[7..]}");
            }
        }
    }

    /// <summary>Logged at the 1st, 2nd, 4th, 8th... refusal: a sender flooding the socket cannot flood the log.</summary>
    private void RefuseNotification(ProgramRuntime p, int senderPid)
    {
        var count = _notifyRefusals[p.Name] = _notifyRefusals.GetValueOrDefault(p.Name) + 1;
        if ((count & (count - 1)) != 0) return;
        var sender = senderPid > 0 ? $"pid {senderPid}" : "a process outside Tend's pid namespace";
        Log($"{p.Name}: sd_notify message from {sender} refused: not a process of {p.Name} (main pid {p.Pid}){(count > 1 ? $"; {count} refused so far" : "")}");
    }

    private void MarkNotifiedReady(ProgramRuntime p, string how)
    {
        if (p.NotifiedReady || p.Pid <= 0) return;
        p.NotifiedReady = true;
        if (p.Spec.Kind == Model.ProgramKind.Longrun) p.StartTimeoutAtMs = long.MaxValue;
        // Ready implies started: a program that says so need not sit out start_seconds.
        OnReady(p, how);
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
