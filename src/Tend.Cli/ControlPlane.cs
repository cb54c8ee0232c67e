using Tend.Control.Api;
using Tend.Control.Http;
using Tend.Logging;
using Tend.Logging.History;
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

    public static ControlPlane Open(Supervisor supervisor, LogMux logs, LogHistory history, string socketPath, string? http)
    {
        var plane = new ControlPlane { _history = history };
        var api = new ControlApi(supervisor, () => MetricsText.Render(
            supervisor.Call(supervisor.Snapshot, TimeSpan.FromSeconds(10)), MetricsText.ResidentBytes(), logs.DroppedEvents, logs.Counters()),
            history);
        if (socketPath != "none")
        {
            try { plane._servers.Add(HttpServer.ListenUnix(socketPath, api.Handle)); }
            catch (Exception e) { logs.Event($"control socket {socketPath} not available: {e.Message}"); }
        }
        if (http is not null)
        {
            try
            {
                var server = HttpServer.ListenTcp(http, api.HandleReadOnly);
                plane._servers.Add(server);
                logs.Event($"serving /healthz, /readyz and /metrics on http://{http}");
            }
            catch (Exception e) { logs.Event($"HTTP listener {http} not available: {e.Message}"); }
        }
        return plane;
    }

    public void Dispose()
    {
        _history?.Close(); // followers of `tend ctl logs -f` end now rather than at their next check
        foreach (var server in _servers) server.Dispose();
    }
}
