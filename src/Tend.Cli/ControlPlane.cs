using Tend.Control;
using Tend.Control.Api;
using Tend.Http;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;

namespace Tend.Cli;

/// <summary>
/// The listeners of a running Tend: the control socket (for `tend ctl` and `tend health`) and the
/// optional HTTP listener (/healthz, /readyz, /metrics). A listener that cannot be opened is
/// reported and skipped: supervising matters more than being controllable.
/// </summary>
internal sealed class ControlPlane : IDisposable
{
    private readonly List<HttpServer> _servers = [];
    private LogHistory? _history;

    /// <param name="socketPath">The control socket; null: the default (<see cref="DefaultSocket"/>), "none": no socket.</param>
    public static ControlPlane Open(Supervisor supervisor, LogMux logs, LogHistory history, string? socketPath, string? http,
        SupervisordSettings? supervisord = null, Supervisord.ConfigReader? reread = null)
    {
        var plane = new ControlPlane { _history = history };
        var api = new ControlApi(supervisor, () =>
            {
                var (programs, jobs) = supervisor.Call(() => (supervisor.Snapshot(), supervisor.JobSnapshot()), TimeSpan.FromSeconds(10));
                return MetricsText.Render(programs, MetricsText.ResidentBytes(), logs.DroppedEvents, logs.Counters(), jobs);
            },
            history);
        if (socketPath != "none")
        {
            try
            {
                string? why = null;
                socketPath ??= DefaultSocket.ForServer(out why);
                plane._servers.Add(Logged(HttpServer.ListenUnix(socketPath, api.Handle), logs, "control"));
                // Said once, so whoever reads the log knows where `tend ctl` connects when it is not the usual place.
                if (why is not null) logs.Event($"control socket: {socketPath} ({why})");
            }
            catch (Exception e) { logs.Event($"control socket {socketPath ?? "(default)"} not available: {ErrorText.Of(e)}"); }
        }
        if (http is not null)
        {
            try
            {
                var server = Logged(HttpServer.ListenTcp(http, api.HandleReadOnly), logs, "HTTP");
                plane._servers.Add(server);
                logs.Event($"serving /healthz, /readyz and /metrics on http://{http}");
            }
            catch (Exception e) { logs.Event($"HTTP listener {http} not available: {ErrorText.Of(e)}"); }
        }
        if (supervisord is not null) plane.OpenSupervisord(supervisor, logs, history, supervisord, reread);
        return plane;
    }

    /// <summary>The XML-RPC servers a supervisord.conf asks for ([unix_http_server], [inet_http_server]), for supervisorctl.</summary>
    private void OpenSupervisord(Supervisor supervisor, LogMux logs, LogHistory history, SupervisordSettings settings, Supervisord.ConfigReader? reread)
    {
        var backend = new Supervisord.SupervisorBackend(supervisor, history, logs, settings, reread ?? (() => (null, ["no configuration file to read again"])));
        var rpc = new Tend.Supervisord.Rpc.SupervisordRpc(backend);
        var endpoint = new Tend.Supervisord.Rpc.XmlRpcEndpoint(rpc);
        string? ProgramNamed(string spec) => rpc.FindProcess(spec)?.Name; // one name resolution for /RPC2 and /logtail
        if (settings.UnixHttpServer is { } unix)
        {
            var auth = new Tend.Supervisord.Http.BasicAuth(unix.Credentials?.Username, unix.Credentials?.Password);
            var http = new Supervisord.SupervisordHttp(endpoint, auth, history, ProgramNamed);
            try
            {
                _servers.Add(Logged(HttpServer.ListenUnix(unix.File, http.Handle, (UnixFileMode)unix.Chmod, unix.Chown), logs, "supervisorctl"));
                logs.Event($"supervisorctl socket: unix://{unix.File}");
            }
            catch (Exception e) { logs.Event($"supervisord socket {unix.File} not available: {ErrorText.Of(e)}", stream: LogStream.Stderr); }
        }
        if (settings.InetHttpServer is { } inet)
        {
            var auth = new Tend.Supervisord.Http.BasicAuth(inet.Credentials?.Username, inet.Credentials?.Password);
            var http = new Supervisord.SupervisordHttp(endpoint, auth, history, ProgramNamed);
            var address = $"{(inet.Host is "" or "*" ? "0.0.0.0" : inet.Host)}:{inet.Port}";
            if (!inet.IsLoopback && !inet.IsAuthenticated)
            {
                // The configuration reader refuses this already; kept so that no other path can open it.
                logs.Event($"supervisord server {address} not started: [inet_http_server] on an address other than loopback " +
                    "needs username and password (or set port=127.0.0.1:PORT)", stream: LogStream.Stderr);
                return;
            }
            try
            {
                _servers.Add(Logged(HttpServer.ListenTcp(address, http.Handle), logs, "supervisorctl"));
                logs.Event($"supervisorctl server: http://{address}");
            }
            catch (Exception e) { logs.Event($"supervisord server {address} not available: {ErrorText.Of(e)}", stream: LogStream.Stderr); }
        }
    }

    public void Dispose()
    {
        _history?.Close(); // followers of `tend ctl logs -f` end now rather than at their next check
        foreach (var server in _servers) server.Dispose();
    }

    /// <summary>Every listener logs what its handlers throw (the request gets a 500; Tend goes on).</summary>
    private static HttpServer Logged(HttpServer server, LogMux logs, string what)
    {
        server.HandlerFailed = e => logs.Event($"internal error answering a {what} request: {ErrorText.Of(e)}", stream: LogStream.Stderr);
        return server;
    }
}
