using Tend.Control.Api.Page;
using Tend.Http;
using Tend.Logging.History;
using Tend.Supervision;

namespace Tend.Control.Api;

/// <summary>
/// The native control API: decodes HTTP requests and delegates to the supervisor, holding no logic
/// of its own. Every call into the supervisor runs on its loop thread (<see cref="Supervisor.Call{T}"/>).
///
///   GET  /v1/status[?names=a,b][&amp;resources=1]  every program and job, or only those named (404: unknown name); with CPU and memory
///   POST /v1/start|stop|restart?names=a,b   or names=all
///   POST /v1/signal?signal=HUP&amp;names=a
///   POST /v1/run-job?name=JOB              run a job now (under its concurrency policy)
///   POST /v1/reload                       re-read the configuration and apply the difference
///   POST /v1/shutdown
///   GET  /v1/health                          200 healthy, 503 not, with the reasons
///   GET  /v1/logs?names=a&amp;lines=N&amp;follow=1   recent output, newline-delimited JSON
///   GET  /healthz  /readyz  /metrics         also on the optional HTTP listener (<see cref="HandleReadOnly"/>)
///   GET  /  POST /  GET /ui/follow          the status page for a browser (<see cref="StatusPageEndpoint"/>)
/// </summary>
/// <param name="supervisor">What the API drives.</param>
/// <param name="metrics">Renders /metrics; null: no such endpoint.</param>
/// <param name="history">The kept output (/v1/logs, the page's tail); null: none.</param>
/// <param name="selfName">The name Tend's own messages go under in the history.</param>
/// <param name="httpAuth">
/// tend.yaml's http_auth, as a check of a request's Authorization header (null when absent): with
/// it, the HTTP listener's page asks for it and then offers the output and the actions; without
/// it, that page shows the tables only. Null: not configured.
/// </param>
public sealed class ControlApi(Supervisor supervisor, Func<string>? metrics = null, LogHistory? history = null, string selfName = "tend",
    Func<string?, bool>? httpAuth = null)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly PageRights Everything = new(Logs: true, Actions: true);
    private readonly LogsEndpoint? _logs = history is null ? null : new LogsEndpoint(supervisor, history, selfName);
    private readonly StatusPageEndpoint _page = new(supervisor, history);

    /// <summary>
    /// The HTTP listener's handler: the read-only health and metrics endpoints, and the status page.
    /// It may listen on a pod network where anyone can connect, so without http_auth nothing there
    /// may stop, start or read logs; with it, the page (and only the page) may, once authenticated.
    /// </summary>
    public void HandleReadOnly(HttpRequest request, IResponse response)
    {
        if (request.Path is "/" or "/ui/follow")
        {
            if (httpAuth is not null && !httpAuth(request.Headers.GetValueOrDefault("Authorization")))
            {
                response.Send(401, "text/plain;charset=utf-8", "this page needs the username and password of http_auth\n"u8,
                    ["WWW-Authenticate: Basic realm=\"tend\""], close: false);
                return;
            }
            var rights = httpAuth is null ? new PageRights(Logs: false, Actions: false) : Everything;
            try
            {
                if (!_page.TryHandle(request, response, rights))
                    Json(response, 405, ControlJson.Error($"{request.Method} not allowed on {request.Path}"));
            }
            catch (TimeoutException e)
            {
                Json(response, 503, ControlJson.Error(e.Message));
            }
            return;
        }
        var path = request.Path.TrimEnd('/');
        if (request.Method == "GET" && path is "/healthz" or "/readyz" or "/metrics" or "/v1/health")
            Handle(request, response);
        else
            Json(response, 404, ControlJson.Error($"no such endpoint here: {path} (this listener serves /healthz, /readyz and /metrics)"));
    }

    public void Handle(HttpRequest request, IResponse response)
    {
        try
        {
            if (_page.TryHandle(request, response, Everything)) return;
            Route(request, response);
        }
        catch (TimeoutException e)
        {
            Json(response, 503, ControlJson.Error(e.Message));
        }
    }

    private void Route(HttpRequest request, IResponse response)
    {
        var path = request.Path.TrimEnd('/');
        switch (request.Method, path)
        {
            case ("GET", "/v1/status"):
                var (programs, jobs) = supervisor.Call(() => (supervisor.Snapshot(), supervisor.JobSnapshot()), CallTimeout);
                if (!StatusFilter.TryApply(Names(request), programs, jobs, out var shown, out var shownJobs, out var unknown))
                {
                    Json(response, 404, ControlJson.Error(unknown!));
                    return;
                }
                Json(response, 200, ControlJson.Write(new StatusResponse(Environment.ProcessId, shown) { Jobs = shownJobs, Resources = Resources(request, shown) }));
                return;
            case ("GET", "/v1/health"):
            case ("GET", "/readyz"):
                Health(response);
                return;
            case ("GET", "/healthz"):
                // Alive: the supervision loop answers.
                var alive = supervisor.Call(() => supervisor.Snapshot(), CallTimeout);
                Json(response, 200, ControlJson.Write(new HealthResponse(true, [], alive)));
                return;
            case ("GET", "/metrics") when metrics is not null:
                response.Send(200, "text/plain; version=0.0.4; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(metrics()));
                return;
            case ("GET", "/v1/logs") when _logs is not null:
                _logs.Handle(request, response);
                return;
            case ("POST", "/v1/start"):
                Act(request, response, supervisor.StartProgram);
                return;
            case ("POST", "/v1/stop"):
                Act(request, response, supervisor.StopProgram);
                return;
            case ("POST", "/v1/restart"):
                Act(request, response, supervisor.RestartProgram);
                return;
            case ("POST", "/v1/signal"):
                var name = request.Query.GetValueOrDefault("signal") ?? "";
                if (!Model.Signals.TryParse(name, out var signal))
                {
                    Json(response, 400, ControlJson.Error($"unknown signal '{name}'"));
                    return;
                }
                Act(request, response, p => supervisor.SignalProgram(p, signal));
                return;
            case ("POST", "/v1/run-job"):
                var job = request.Query.GetValueOrDefault("name") ?? "";
                if (job.Length == 0)
                {
                    Json(response, 400, ControlJson.Error("no job named: give name=JOB"));
                    return;
                }
                var ran = supervisor.Call(() => (supervisor.IsJob(job), supervisor.RunJobNow(job)), CallTimeout);
                if (!ran.Item1)
                {
                    Json(response, 404, ControlJson.Error(ran.Item2.Message));
                    return;
                }
                Json(response, ran.Item2.Ok ? 200 : 409, ControlJson.Write(new ActionResponse(ran.Item2.Ok, [new ActionResult(job, ran.Item2.Ok, ran.Item2.Message)])));
                return;
            case ("POST", "/v1/reload"):
                var reloaded = supervisor.Call(supervisor.Reload, CallTimeout);
                Json(response, reloaded.Ok ? 200 : 409, ControlJson.Write(new ActionResponse(reloaded.Ok, [new ActionResult("tend", reloaded.Ok, reloaded.Message)])));
                return;
            case ("POST", "/v1/shutdown"):
                var outcome = supervisor.Call(supervisor.RequestShutdown, CallTimeout);
                Json(response, outcome.Ok ? 200 : 409, ControlJson.Write(new ActionResponse(outcome.Ok, [new ActionResult("tend", outcome.Ok, outcome.Message)])));
                return;
            default:
                var known = path is "/v1/status" or "/v1/health" or "/v1/start" or "/v1/stop" or "/v1/restart" or "/v1/signal" or "/v1/shutdown" or "/v1/reload" or "/v1/logs" or "/v1/run-job";
                Json(response, known ? 405 : 404, ControlJson.Error(known ? $"{request.Method} not allowed on {path}" : $"no such endpoint: {path}"));
                return;
        }
    }

    /// <summary>With ?resources=1 only: reading /proc costs a pass over every process, so nobody pays for it unasked.</summary>
    private static Dictionary<string, ProgramResources> Resources(HttpRequest request, IReadOnlyList<ProgramStatus> programs)
    {
        if (request.Query.GetValueOrDefault("resources") is not ("1" or "true")) return [];
        var byPid = ProcessTreeResources.Of(programs.Select(p => p.Pid ?? 0));
        return programs.Where(p => p.Pid is { } pid && byPid.ContainsKey(pid)).ToDictionary(p => p.Name, p => byPid[p.Pid!.Value]);
    }

    private void Health(IResponse response)
    {
        var (healthy, problems, programs) = supervisor.Call(() =>
        {
            var (ok, why) = supervisor.Health();
            return (ok, why, supervisor.Snapshot());
        }, CallTimeout);
        Json(response, healthy ? 200 : 503, ControlJson.Write(new HealthResponse(healthy, problems, programs)));
    }

    private void Act(HttpRequest request, IResponse response, Func<ProgramRuntime, ControlOutcome> action)
    {
        var names = Names(request);
        if (names.Length == 0)
        {
            Json(response, 400, ControlJson.Error("no program named: give names=NAME[,NAME...] or names=all"));
            return;
        }
        var (error, results) = supervisor.Call(() =>
        {
            var targets = supervisor.Resolve(names, out var err);
            if (targets is null) return (err, (IReadOnlyList<ActionResult>)[]);
            return ((string?)null, targets.Select(p => { var o = action(p); return new ActionResult(p.Name, o.Ok, o.Message); }).ToList());
        }, CallTimeout);
        if (error is not null)
        {
            Json(response, 404, ControlJson.Error(error));
            return;
        }
        var ok = results.All(r => r.Ok);
        Json(response, ok ? 200 : 409, ControlJson.Write(new ActionResponse(ok, results)));
    }

    private static string[] Names(HttpRequest request) =>
        (request.Query.GetValueOrDefault("names") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Json(IResponse response, int status, byte[] body) => response.Send(status, "application/json", body);
}
