using System.Net;
using System.Net.Sockets;
using Tend.Model;

namespace Tend.Http;

/// <summary>
/// A small HTTP/1.1 server for the control plane, built for a PID 1 that must idle at zero wake-ups:
/// one dedicated thread blocks in accept() (or, for the control socket, the log thread's epoll also
/// waits for connections, see <see cref="Posix.Events.IReadinessWatcher"/>: one thread less), and each
/// connection gets its own short-lived thread with blocking I/O. No thread pool (its gate thread wakes the process periodically), no async, no timers:
/// an idle server is one parked thread. Sockets are close-on-exec (the runtime opens them so), so programs
/// Tend starts never inherit the control socket.
/// </summary>
public sealed class HttpServer : IDisposable
{
    private const int ConnectionStackSize = 256 * 1024;
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);

    private readonly Socket? _listener;    // with a thread of its own
    private readonly int _listenerFd = -1; // with a watcher: a plain descriptor (see UnixSocketFile.BindDescriptor)
    private readonly HttpHandler _handler;
    private readonly HttpLimits _limits;
    private readonly string? _socketPath;
    private readonly Thread? _acceptThread;
    private readonly Posix.Events.IReadinessWatcher? _watcher;
    private readonly Lock _lock = new();
    private readonly HashSet<Connection> _connections = [];
    private readonly Dictionary<Connection, HttpConnection> _served = [];
    private bool _disposed;

    /// <summary>A Unix socket listened on by <paramref name="watcher"/>'s thread, which accepts without waiting (see AcceptReady).</summary>
    private HttpServer(int listenerFd, HttpHandler handler, HttpLimits limits, string socketPath, Posix.Events.IReadinessWatcher watcher)
    {
        _listenerFd = listenerFd;
        _handler = handler;
        _limits = limits;
        _socketPath = socketPath;
        _watcher = watcher;
        watcher.Watch(listenerFd, AcceptReady);
    }

    private HttpServer(Socket listener, HttpHandler handler, HttpLimits limits, string? socketPath, string name)
    {
        _listener = listener;
        _handler = handler;
        _limits = limits;
        _socketPath = socketPath;
        BoundPort = (listener.LocalEndPoint as IPEndPoint)?.Port;
        _acceptThread = new Thread(AcceptLoop, ConnectionStackSize) { IsBackground = true, Name = name };
        _acceptThread.Start();
    }

    /// <summary>The TCP port actually bound (useful after asking for port 0); null for a Unix socket.</summary>
    public int? BoundPort { get; }

    /// <summary>
    /// Serves on a Unix socket with mode 0600. Creates the parent directory if missing and replaces a stale
    /// socket file left by a previous run; refuses to take over one that something still listens on.
    /// </summary>
    /// <param name="path">The socket file.</param>
    /// <param name="handler">Answers each request.</param>
    /// <param name="limits">Connection and request limits; null: the defaults.</param>
    /// <param name="watcher">A thread that waits for connections besides its own work; null: a thread of its own.</param>
    public static HttpServer ListenUnix(string path, HttpHandler handler, HttpLimits? limits = null, Posix.Events.IReadinessWatcher? watcher = null) =>
        ListenUnix(path, handler, UnixFileMode.UserRead | UnixFileMode.UserWrite, null, limits, watcher);

    /// <summary>
    /// The same with another mode and, optionally, owner ("user" or "user:group"), both set before
    /// listen: supervisord's [unix_http_server] chmod (0700 by default there) and chown.
    /// </summary>
    public static HttpServer ListenUnix(string path, HttpHandler handler, UnixFileMode mode, string? owner, HttpLimits? limits = null,
        Posix.Events.IReadinessWatcher? watcher = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        limits ??= HttpLimits.Default;
        limits.Validate();
        if (watcher is not null)
        {
            var fd = UnixSocketFile.BindDescriptor(path, mode, owner);
            try
            {
                Posix.Sockets.UnixStreamListener.Listen(fd, Backlog(limits));
            }
            catch (Posix.PosixException e)
            {
                Posix.Fd.Close(fd);
                UnixSocketFile.TryDelete(path);
                throw new IOException($"cannot listen on {path}: {Posix.PosixException.Describe(e.Errno)}", e);
            }
            return new HttpServer(fd, handler, limits, path, watcher);
        }
        var listener = UnixSocketFile.Bind(path, mode, owner);
        try
        {
            listener.Listen(Backlog(limits));
        }
        catch (SocketException e)
        {
            listener.Dispose();
            UnixSocketFile.TryDelete(path);
            throw new IOException($"cannot listen on {path}: {SocketErrorText.Describe(e.SocketErrorCode, unixSocket: true)}", e);
        }
        return new HttpServer(listener, handler, limits, path, "tend-http-unix");
    }

    /// <summary>Serves on TCP: "127.0.0.1:9090", "[::1]:9090", "localhost:0" (then see <see cref="BoundPort"/>).</summary>
    public static HttpServer ListenTcp(string hostPort, HttpHandler handler, HttpLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        limits ??= HttpLimits.Default;
        limits.Validate();
        if (!HostPort.TryParse(hostPort, HostPortRules.Listen, out var host, out var port, out _))
            // No parameter name: its suffix is a resource key in the published binary (UseSystemResourceKeys).
            throw new ArgumentException($"invalid listen address \"{hostPort}\": expected host:port");

        IPAddress address;
        try
        {
            address = HostAddresses.Resolve(host).First();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            throw new IOException($"cannot listen on {hostPort}: host not found", e);
        }

        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(Backlog(limits));
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new IOException($"cannot listen on {hostPort}: {SocketErrorText.Describe(e.SocketErrorCode, unixSocket: false)}", e);
        }
        return new HttpServer(listener, handler, limits, null, "tend-http-tcp");
    }

    /// <summary>
    /// Stops accepting, closes the listener and every open connection (streams then see TryWrite false),
    /// and removes the socket file. Handlers still running finish on their own threads.
    /// </summary>
    public void Dispose()
    {
        Connection[] open;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        // Closing the listener wakes the thread blocked in accept() (the runtime shuts the socket down first).
        // A watcher closes it itself, after its Watch: closed here, the number could be reused (a
        // program's log pipe) before a Watch still queued on that thread runs, and be waited on for us.
        if (_watcher is not null)
            lock (_lock) // AcceptReady sees _disposed from here on
                _watcher.UnwatchAndClose(_listenerFd);
        _listener?.Dispose();
        if (_acceptThread is not null && Thread.CurrentThread != _acceptThread) _acceptThread.Join(TimeSpan.FromSeconds(5));
        // A request being answered (the very `tend ctl shutdown` that ends Tend) gets a moment to send
        // its reply before the connection is cut; an idle client only delays this by the grace.
        var grace = Environment.TickCount64 + (long)DrainGrace.TotalMilliseconds;
        while (Environment.TickCount64 < grace)
        {
            lock (_lock)
                if (_connections.Count == 0) break;
            Thread.Sleep(5);
        }
        lock (_lock) open = [.. _connections];
        foreach (var connection in open)
        {
            try
            {
                connection.ShutdownBoth(); // wakes a thread blocked in receive or send
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            connection.Dispose();
        }
        if (_socketPath is not null) UnixSocketFile.TryDelete(_socketPath);
    }

    private static int Backlog(HttpLimits limits) => Math.Clamp(limits.MaxConnections, 16, 512);

    /// <summary>Told about every exception a handler throws (the client gets a 500 and the server goes on).</summary>
    public Action<Exception>? HandlerFailed { get; set; }

    private void AcceptLoop()
    {
        while (!Volatile.Read(ref _disposed))
        {
            try
            {
                Admit(Connection.Of(_listener!.Accept()));
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                if (Volatile.Read(ref _disposed)) return;
                // A client that gave up before being accepted is normal. Anything else (out of descriptors
                // or memory above all) tends to repeat at once, as the pending connection stays ready:
                // back off briefly instead of spinning a core. Only ever on this error path.
                if (e.SocketErrorCode is not (SocketError.ConnectionAborted or SocketError.ConnectionReset))
                    Thread.Sleep(100);
            }
            catch (Exception)
            {
                // Never let the accept thread die: the control socket would go deaf for good.
            }
        }
    }

    /// <summary>
    /// On the watcher's thread: takes every pending connection without waiting; each gets its own
    /// thread, with blocking I/O as with the accept thread.
    /// </summary>
    private void AcceptReady()
    {
        for (var i = 0; i < 64 && !Volatile.Read(ref _disposed); i++)
        {
            int fd;
            lock (_lock)
            {
                if (_disposed) return;
                fd = Posix.Sockets.PendingConnection.TryAccept(_listenerFd, out _);
            }
            if (fd == -1) return;
            if (fd == -2)
            {
                // Out of descriptors or memory above all, which tends to repeat at once as the pending
                // connection stays ready: let go of the listener for a moment instead of spinning the
                // watcher's thread on it (as the accept thread backs off).
                BackOff();
                return;
            }
            Admit(Connection.OfDescriptor(fd)); // not a .NET Socket: see Connection
        }
    }

    private void BackOff()
    {
        var fd = _listenerFd;
        _watcher!.Unwatch(fd);
        new Thread(() =>
        {
            Thread.Sleep(100);
            lock (_lock)
                if (!_disposed) _watcher.Watch(fd, AcceptReady);
        }, ConnectionStackSize) { IsBackground = true, Name = "tend-http-wait" }.Start();
    }

    private void Admit(Connection client)
    {
        var connection = new HttpConnection(client, _handler, _limits, Forget, HandlerFailed);
        bool full;
        lock (_lock)
        {
            if (_disposed)
            {
                client.Dispose();
                return;
            }
            full = _connections.Count >= _limits.MaxConnections && !EvictLongestWaiting();
            if (!full)
            {
                _connections.Add(client);
                _served[client] = connection;
            }
        }
        if (full)
        {
            Reject(client, linger: _watcher is null);
            return;
        }

        try
        {
            new Thread(connection.Run, ConnectionStackSize) { IsBackground = true, Name = "tend-http-conn" }.Start();
        }
        catch (Exception)
        {
            Forget(client);
            client.Dispose();
        }
    }

    /// <summary>
    /// Every slot taken: closes the connection that has waited longest for its request, if that is at
    /// least EvictWaitingAfter (its thread sees the end of input and goes); false when none has.
    /// </summary>
    private bool EvictLongestWaiting()
    {
        var now = Environment.TickCount64;
        var limit = (long)_limits.EvictWaitingAfter.TotalMilliseconds;
        (Connection Socket, long Since)? longest = null;
        foreach (var (socket, connection) in _served)
        {
            var since = connection.WaitingSince;
            if (since != 0 && now - since >= limit && (longest is null || since < longest.Value.Since)) longest = (socket, since);
        }
        if (longest is not { } victim) return false;
        _connections.Remove(victim.Socket);
        _served.Remove(victim.Socket);
        try
        {
            victim.Socket.ShutdownBoth();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        return true;
    }

    /// <summary>
    /// Over MaxConnections: answer 503 right here on the accept thread, without reading the request. The
    /// drain before closing is short, because accepting waits for it; on a watcher's thread (a Unix
    /// socket, whose peer reads what was sent before the close, and whose buffer takes the small
    /// answer at once) there is none: that thread must not wait.
    /// </summary>
    private static void Reject(Connection client, bool linger)
    {
        try
        {
            client.Prepare(TimeSpan.FromSeconds(1));
            SocketIo.TrySendAll(client, HttpResponseWriter.Error(503, "too many connections", "Retry-After: 1\r\n"));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        if (linger) SocketIo.LingeringClose(client, TimeSpan.FromMilliseconds(250));
        else client.Dispose();
    }

    private void Forget(Connection client)
    {
        lock (_lock)
        {
            _connections.Remove(client);
            _served.Remove(client);
        }
    }
}
