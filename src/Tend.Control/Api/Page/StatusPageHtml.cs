using System.Globalization;
using System.Net;
using System.Text;
using Tend.Logging.History;
using Tend.Supervision;

namespace Tend.Control.Api.Page;

/// <summary>What the page may offer on the listener it is served on.</summary>
/// <param name="Logs">The output tail and its live follow.</param>
/// <param name="Actions">Start, stop and restart buttons.</param>
public readonly record struct PageRights(bool Logs, bool Actions);

/// <summary>
/// The HTML of Tend's status page: programs (state, health, pid, uptime, restarts, last exit, reason,
/// CPU, memory), jobs (schedule, last result, next run) and, where allowed, the output of one program
/// with a script of a dozen lines that follows it live over server-sent events. Everything is written
/// on the server, so the tables need no script; no file is fetched from anywhere.
/// </summary>
internal static class StatusPageHtml
{
    private const string Style = """
        body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}
        table{border-collapse:collapse}th,td{padding:.3em .6em;text-align:left;border-bottom:1px solid #ddd;white-space:nowrap}
        td.n{text-align:right}tr:nth-child(even){background:#f6f6f6}.ok{color:#080;font-weight:bold}.bad{color:#b00;font-weight:bold}
        .dim{color:#666}.msg{background:#ffd;border:1px solid #cc8;padding:.4em .7em;margin:1em 0}form{display:inline;margin:0}
        pre{background:#111;color:#ddd;padding:.8em;max-height:30em;overflow:auto}pre .stderr{color:#f88}
        """;

    // Follows the program named by the <pre>'s data-follow over /ui/follow (server-sent events), both
    // streams marked; the browser reconnects on its own if the connection drops.
    private const string Script = """
        (function(){var t=document.getElementById('tail');if(!t||!window.EventSource)return;var n=t.getAttribute('data-follow');
        t.textContent='';var e=new EventSource('ui/follow?name='+encodeURIComponent(n));
        ['stdout','stderr'].forEach(function(k){e.addEventListener(k,function(m){var s=document.createElement('span');s.className=k;
        s.textContent=(k==='stderr'?'err ':'out ')+m.data+'\n';t.appendChild(s);while(t.childNodes.length>2000)t.removeChild(t.firstChild);
        t.scrollTop=t.scrollHeight;});});})();
        """;

    public static string Render(IReadOnlyList<ProgramStatus> programs, IReadOnlyList<JobStatus> jobs, IReadOnlyDictionary<int, ProgramResources> resources,
        PageRights rights, string? message, string? follow, IReadOnlyList<LogLine> tail, DateTimeOffset now)
    {
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>Tend</title><style>").Append(Style).Append("</style></head><body>\n<h1>Tend</h1><p class=\"dim\">pid ")
            .Append(Environment.ProcessId).Append(" &middot; ").Append(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
            .Append(" UTC &middot; <a href=\"./\">refresh</a>").Append(rights.Actions ? "" : " &middot; read-only").Append("</p>\n");
        if (message is not null) html.Append("<div class=\"msg\" id=\"message\">").Append(E(message)).Append("</div>\n");
        Programs(html, programs, resources, rights);
        if (jobs.Count > 0) Jobs(html, jobs);
        if (rights.Logs && follow is not null)
        {
            html.Append("<h2>Output of ").Append(E(follow)).Append("</h2>\n<pre id=\"tail\" data-follow=\"").Append(E(follow)).Append("\">");
            foreach (var line in tail)
            {
                var stream = line.Stream == Logging.LogStream.Stderr ? "stderr" : "stdout";
                html.Append("<span class=\"").Append(stream).Append("\">").Append(stream == "stderr" ? "err " : "out ")
                    .Append(E(Encoding.UTF8.GetString(line.Text))).Append('\n').Append("</span>");
            }
            html.Append("</pre>\n<script>").Append(Script).Append("</script>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static void Programs(StringBuilder html, IReadOnlyList<ProgramStatus> programs, IReadOnlyDictionary<int, ProgramResources> resources, PageRights rights)
    {
        html.Append("<h2>Programs</h2>\n<table id=\"programs\"><thead><tr><th>Name</th><th>State</th><th>Health</th><th>Pid</th><th>Uptime</th>")
            .Append("<th>Restarts</th><th>Last exit</th><th>Reason</th><th>CPU</th><th>Memory</th>");
        if (rights.Logs || rights.Actions) html.Append("<th></th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var p in programs)
        {
            var res = p.Pid is { } pid && resources.TryGetValue(pid, out var r) ? r : (ProgramResources?)null;
            html.Append("<tr data-name=\"").Append(E(p.Name)).Append("\"><td>").Append(E(p.Name)).Append("</td><td class=\"")
                .Append(p.State == "RUNNING" ? "ok" : p.State is "FATAL" or "BACKOFF" ? "bad" : "dim").Append("\">").Append(E(p.State)).Append("</td><td>")
                .Append(!p.CountsForHealth ? "<span class=\"dim\">-</span>" : p.Healthy ? "<span class=\"ok\">healthy</span>" : "<span class=\"bad\">unhealthy</span>")
                .Append("</td><td class=\"n pid\">").Append(p.Pid?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td class=\"n\">")
                .Append(p.UptimeSeconds is { } up ? Duration(up) : "").Append("</td><td class=\"n\">").Append(p.Restarts).Append("</td><td>")
                .Append(p.LastExitCode is { } code ? $"exit {code}" : p.LastExitSignal is { } sig ? E(sig) : "").Append("</td><td>")
                .Append(E(p.WaitingFor is { } w ? $"waiting for {w}" : p.Reason ?? p.LastError ?? "")).Append("</td><td class=\"n\">")
                .Append(res is { } c ? c.CpuSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "").Append("</td><td class=\"n\">")
                .Append(res is { } m ? Bytes(m.MemoryBytes) : "").Append("</td>");
            if (rights.Logs || rights.Actions)
            {
                html.Append("<td>");
                if (rights.Actions)
                    foreach (var action in p.Pid is null ? new[] { "start" } : ["restart", "stop"])
                        html.Append("<form method=\"post\" action=\"./\"><input type=\"hidden\" name=\"name\" value=\"").Append(E(p.Name))
                            .Append("\"><button name=\"action\" value=\"").Append(action).Append("\">").Append(action).Append("</button></form> ");
                if (rights.Logs) html.Append("<a href=\"?follow=").Append(Uri.EscapeDataString(p.Name)).Append("#tail\">output</a>");
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static void Jobs(StringBuilder html, IReadOnlyList<JobStatus> jobs)
    {
        html.Append("<h2>Jobs</h2>\n<table id=\"jobs\"><thead><tr><th>Name</th><th>Schedule</th><th>Last result</th><th>Next run</th><th>Running</th></tr></thead><tbody>\n");
        foreach (var j in jobs)
        {
            html.Append("<tr data-name=\"").Append(E(j.Name)).Append("\"><td>").Append(E(j.Name)).Append("</td><td><code>").Append(E(j.Schedule)).Append("</code>")
                .Append(j.TimeZone is { } tz ? " " + E(tz) : "").Append("</td><td>");
            if (j.LastResult is { } last)
                html.Append("<span class=\"").Append(last.Outcome == JobOutcome.Success ? "ok" : "bad").Append("\">").Append(last.Outcome.ToString().ToLowerInvariant())
                    .Append("</span> ").Append(last.ExitCode is { } c ? $"exit {c}" : E(last.Signal ?? "")).Append(" at ")
                    .Append(last.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC");
            else html.Append("<span class=\"dim\">never ran</span>");
            html.Append("</td><td>").Append(j.NextRun?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (j.NextRun is null ? "" : " UTC"))
                .Append("</td><td>").Append(string.Join(", ", j.RunningPids)).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    internal static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(seconds)));
        return t.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d {t.Hours}h") : t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes >> 10).ToString(CultureInfo.InvariantCulture) + " KiB",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
