using System.Net;
using System.Text;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Web;

/// <summary>
/// The HTML of supervisord's web interface: the status table (state, description, name, actions) and
/// the tail view. Plain HTML with a few lines of inline CSS, no script: every action is a form button
/// (POST, so no link prefetch or crawler ever stops a program), every tail a link. supervisord's
/// choice of actions per state is kept: Restart and Stop when running, Start when stopped, exited or
/// fatal, neither in between; Clear Log and the two tails always.
/// </summary>
internal static class StatusPage
{
    private const string Style = """
        body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}
        table{border-collapse:collapse}th,td{padding:.35em .7em;text-align:left;border-bottom:1px solid #ddd}
        tr:nth-child(even){background:#f6f6f6}.running{color:#080;font-weight:bold}.error{color:#b00;font-weight:bold}
        .nominal{color:#666}.msg{background:#ffd;border:1px solid #cc8;padding:.4em .7em;margin:1em 0}
        form{display:inline;margin:0}button{margin-right:.3em}nav form{margin-right:.5em}pre{background:#f6f6f6;padding:1em;overflow:auto}
        """;

    public static string Status(IReadOnlyList<ProcessSnapshot> processes, long now, TimeZoneInfo zone, string? message, string identification)
    {
        var html = Begin("Supervisor Status", identification);
        html.Append("<nav>");
        AppendButton(html, null, "refresh", "Refresh");
        AppendButton(html, null, "restartall", "Restart All");
        AppendButton(html, null, "stopall", "Stop All");
        html.Append("</nav>\n");
        if (message is not null) html.Append("<div class=\"msg\" id=\"message\">").Append(Encode(message)).Append("</div>\n");
        if (processes.Count == 0)
        {
            html.Append("<p>No programs to manage</p>\n");
            return End(html);
        }
        html.Append("<table id=\"status\"><thead><tr><th>State</th><th>Description</th><th>Name</th><th>Action</th></tr></thead><tbody>\n");
        foreach (var p in processes.OrderBy(p => p.Group, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var spec = p.Namespec;
            var quoted = Uri.EscapeDataString(spec);
            html.Append("<tr data-name=\"").Append(Encode(spec)).Append("\"><td class=\"").Append(CssClass(p.State)).Append("\">")
                .Append(ProcessStates.Name(p.State).ToLowerInvariant()).Append("</td><td>")
                .Append(Encode(ProcessDescription.For(p, now, zone))).Append("</td><td><a href=\"tail.html?processname=").Append(quoted).Append("\">")
                .Append(Encode(spec)).Append("</a></td><td>");
            if (p.State == ProcessState.Running)
            {
                AppendButton(html, spec, "restart", "Restart");
                AppendButton(html, spec, "stop", "Stop");
            }
            else if (p.State is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal)
            {
                AppendButton(html, spec, "start", "Start");
            }
            AppendButton(html, spec, "clearlog", "Clear Log");
            html.Append("<a href=\"logtail/").Append(quoted).Append("\" target=\"_blank\">Tail -f Stdout</a> ")
                .Append("<a href=\"logtail/").Append(quoted).Append("/stderr\" target=\"_blank\">Tail -f Stderr</a></td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        return End(html);
    }

    public static string Tail(string? processname, string text, int limit, string identification)
    {
        var html = Begin($"Supervisor tail of process {processname}", identification);
        if (processname is not null)
            html.Append("<p><a href=\"tail.html?processname=").Append(Uri.EscapeDataString(processname)).Append("&amp;limit=").Append(limit)
                .Append("\">Refresh</a> &middot; <a href=\"index.html\">Status</a></p>\n");
        html.Append("<pre id=\"tail\">").Append(Encode(text)).Append("</pre>\n");
        return End(html);
    }

    private static StringBuilder Begin(string title, string identification) => new StringBuilder(4096)
        .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
        .Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n<h1>")
        .Append(Encode(title)).Append("</h1><p class=\"nominal\">").Append(Encode(identification)).Append(" &middot; served by Tend</p>\n");

    private static string End(StringBuilder html) => html.Append("</body></html>\n").ToString();

    private static void AppendButton(StringBuilder html, string? spec, string action, string label)
    {
        html.Append("<form method=\"post\" action=\"index.html\">");
        if (spec is not null) html.Append("<input type=\"hidden\" name=\"processname\" value=\"").Append(Encode(spec)).Append("\">");
        html.Append("<button name=\"action\" value=\"").Append(action).Append("\">").Append(label).Append("</button></form>");
    }

    private static string CssClass(ProcessState state) => state switch
    {
        ProcessState.Running => "running",
        ProcessState.Fatal or ProcessState.Backoff => "error",
        _ => "nominal",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
