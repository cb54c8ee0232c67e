using System.Text;
using Tend.Http;
using Tend.Logging.History;
using Tend.Supervision;

namespace Tend.Control.Api.Page;

/// <summary>
/// Tend's page for a browser, at / of the control socket and of the HTTP listener:
///
///   GET  /[?follow=NAME][&amp;message=TEXT]   the page (with the last lines of NAME, then live)
///   POST /  action=start|stop|restart&amp;name=NAME   a button; answers 303 back to /?message=...
///   GET  /ui/follow?name=NAME            server-sent events: "event: stdout" or "stderr", one line per event
///
/// What it offers depends on the listener (<see cref="PageRights"/>): the control socket offers
/// everything (whoever can open it can run `tend ctl`); the HTTP listener only the tables, unless
/// http_auth is set. The follow holds a thread only while a browser is connected: with none, nothing
/// here runs at all.
/// </summary>
internal sealed class StatusPageEndpoint(Supervisor supervisor, LogHistory? history)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(15);
    private const int TailLines = 100;
    private const string Html = "text/html;charset=utf-8";
    private static readonly string[] NoStore = ["Cache-Control: no-store"];

    /// <summary>Answers / and /ui/follow; false for any other path.</summary>
    public bool TryHandle(HttpRequest request, IResponse response, PageRights rights)
    {
        switch (request.Method, request.Path)
        {
            case ("GET", "/"):
                Page(request, response, rights);
                return true;
            case ("POST", "/"):
                Act(request, response, rights);
                return true;
            case ("GET", "/ui/follow"):
                if (!rights.Logs || history is null) Text(response, 403, "the output is not shown on this listener (set http_auth to see it)");
                else Follow(request, response);
                return true;
            default:
                return false;
        }
    }

    private void Page(HttpRequest request, IResponse response, PageRights rights)
    {
        var (programs, jobs) = supervisor.Call(() => (supervisor.Snapshot(), supervisor.JobSnapshot()), CallTimeout);
        var resources = ProcessTreeResources.Of(programs.Select(p => p.Pid ?? 0));
        var follow = request.Query.GetValueOrDefault("follow");
        if (follow is not null && !programs.Any(p => p.Name == follow) && !jobs.Any(j => j.Name == follow)) follow = null;
        IReadOnlyList<LogLine> tail = [];
        if (follow is not null && rights.Logs && history is not null)
        {
            var (lines, assembler, _) = history.Tail(TailLines, [follow]);
            var all = new List<LogLine>(lines);
            assembler.Flush(all.Add);
            tail = all;
        }
        var page = StatusPageHtml.Render(programs, jobs, resources, rights, request.Query.GetValueOrDefault("message"), follow, tail, DateTimeOffset.UtcNow);
        response.Send(200, Html, Encoding.UTF8.GetBytes(page), NoStore, close: false);
    }

    private void Act(HttpRequest request, IResponse response, PageRights rights)
    {
        if (!rights.Actions)
        {
            Text(response, 403, "this listener is read-only: set http_auth (tend.yaml) to start, stop and restart from the page, or use the control socket");
            return;
        }
        if (BrowserOrigin.IsCrossSite(request))
        {
            Text(response, 403, "refused: a page of another site asked for this action; use the buttons of this page");
            return;
        }
        var form = FormBody.Parse(request.Body);
        var name = form.GetValueOrDefault("name") ?? "";
        Func<ProgramRuntime, ControlOutcome>? action = form.GetValueOrDefault("action") switch
        {
            "start" => supervisor.StartProgram,
            "stop" => supervisor.StopProgram,
            "restart" => supervisor.RestartProgram,
            _ => null,
        };
        if (action is null || name.Length == 0)
        {
            Text(response, 400, "expected action=start, stop or restart and name=PROGRAM");
            return;
        }
        var message = supervisor.Call(() =>
        {
            var targets = supervisor.Resolve([name], out var error);
            if (targets is null) return error ?? $"no program named {name}";
            return string.Join("; ", targets.Select(p => action(p).Message));
        }, CallTimeout);
        response.Send(303, Html, [], [.. NoStore, "Location: ./?message=" + Uri.EscapeDataString(message)], close: false);
    }

    /// <summary>
    /// Server-sent events: first the lines kept, then each new line as it is written, until the
    /// browser leaves or Tend exits. Blocks only this connection's thread, woken by new output.
    /// </summary>
    private void Follow(HttpRequest request, IResponse response)
    {
        var name = request.Query.GetValueOrDefault("name") ?? "";
        var known = supervisor.Call(() => supervisor.Find(name) is not null || supervisor.IsJob(name), CallTimeout);
        if (!known)
        {
            Text(response, 404, $"no program or job named '{name}'");
            return;
        }
        string[] only = [name];
        var (lines, assembler, sequence) = history!.Tail(TailLines, only);
        using var stream = response.BeginChunked(200, "text/event-stream;charset=utf-8", [.. NoStore, "X-Accel-Buffering: no"]);
        var batch = new StringBuilder();
        foreach (var line in lines) Event(batch, line);
        if (!stream.TryWrite(Encoding.UTF8.GetBytes(batch.Append(": following\n\n").ToString()))) return;
        while (history.WaitForMore(sequence, LivenessCheck))
        {
            var chunks = history.ChunksAfter(sequence, only, out sequence);
            batch.Clear();
            foreach (var chunk in chunks) assembler.Feed(chunk, line => Event(batch, line));
            // Nothing new: a comment line, which browsers ignore, tells whether the browser is still there.
            if (!stream.TryWrite(Encoding.UTF8.GetBytes(batch.Length > 0 ? batch.ToString() : ": \n\n"))) return;
        }
    }

    private static void Event(StringBuilder into, LogLine line)
    {
        // A line holds no newline; a stray CR would end the data field early, so it goes.
        var text = Encoding.UTF8.GetString(line.Text).Replace('\r', ' ');
        into.Append("event: ").Append(line.Stream == Logging.LogStream.Stderr ? "stderr" : "stdout").Append("\ndata: ").Append(text).Append("\n\n");
    }

    private static void Text(IResponse response, int status, string message) =>
        response.Send(status, "text/plain;charset=utf-8", Encoding.UTF8.GetBytes(message + "\n"), NoStore, close: false);
}
