using Tend.Control;
using Tend.Control.Api;
using Tend.Http;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;
using Tend.Supervisord.Server;

namespace Tend.Cli;

/// <summary>
/// The listeners of a running Tend: the control socket (for `tend ctl` and `tend health`), the
/// optional HTTP listener (/healthz, /readyz, /metrics) and supervisord's servers (Tend.Supervisord). A listener that cannot be opened is
/// reported and skipped: supervising matters more than being controllable.
/// </summary>
internal sealed class ControlPlane : IDisposable
{
    private readonly List<HttpServer> _servers = [];
    private LogHistory? _history;

    /// <param name="supervisor">What the listeners drive.</param>
    /// <param name="logs">The live log streams (for `tend ctl logs -f` and supervisord's tail).</param>
    /// <param name="history">The kept log lines the listeners serve.</param>
    /// <param name="socketPath">The control socket; null: the default (<see cref="DefaultSocket"/>), "none": no socket.</param>
    /// <param name="http">The HTTP listener's address (/healthz, /readyz, /metrics); null: none.</param>
    /// <param name="supervisord">supervisord's servers (unix_http_server, inet_http_server); null: none.</param>
    /// <param name="reread">Reads the configuration again for supervisord's reloadConfig and update; null: there is no file to read again.</param>
    /// <param name="httpAuth">tend.yaml's http_auth: opens the HTTP listener's status page to output and actions; null: that page is read-only.</param>
    public static ControlPlane Open(Supervisor supervisor, LogMux logs, LogHistory history, string? socketPath, string? http,
        SupervisordSettings? supervisord = null, ConfigReader? reread = null, HttpCredentials? httpAuth = null)
    {
        var plane = new ControlPlane { _history = history };
        var api = new ControlApi(supervisor, () =>
            {
                var (programs, jobs) = supervisor.Call(() => (supervisor.Snapshot(), supervisor.JobSnapshot()), TimeSpan.FromSeconds(10));
                var resources = ProcessTreeResources.Of(programs.Select(p => p.Pid ?? 0));
                return MetricsText.Render(programs, MetricsText.ResidentBytes(), logs.DroppedEvents, logs.Counters(), jobs, resources);
            },
            history,
            httpAuth: httpAuth is null ? null : new Tend.Supervisord.Http.BasicAuth(httpAuth.Username, httpAuth.Password).IsAccepted);
        if (socketPath != "none")
        {
            try
            {
                string? why = null;
                socketPath ??= DefaultSocket.ForServer(out why);
                // Connections are waited for by the log thread, which waits in epoll anyway: no accept thread.
                plane._servers.Add(Logged(HttpServer.ListenUnix(socketPath, api.Handle, watcher: logs), logs, "control"));
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
                logs.Event($"serving /healthz, /readyz and /metrics on http://{http}, and the status page at /{(httpAuth is null ? " (read-only: no http_auth)" : "")}");
            }
            catch (Exception e) { logs.Event($"HTTP listener {http} not available: {ErrorText.Of(e)}"); }
        }
        if (supervisord is not null)
            plane._servers.AddRange(SupervisordServer.Open(supervisor, logs, history, supervisord, reread, (server, what) => Logged(server, logs, what)));
        return plane;
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
