using System.Text;
using Tend.Http;
using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Web;

/// <summary>
/// supervisord's web interface, served where supervisorctl is (behind the same Basic auth, checked
/// before this runs): / and /index.html (the status page, whose actions come as
/// ?processname=NAME&amp;action=ACTION by GET as supervisord's links send them, or by POST as this
/// page's buttons do), /tail.html?processname=NAME[&amp;limit=N] and /ok.html. An action answers with
/// a redirect to /?message=..., as supervisord's does (303 here: a 301 would be cached by browsers).
/// Unlike supervisord, a browser's cross-site request cannot act (see <see cref="BrowserOrigin"/>):
/// the Basic credentials a browser remembers would otherwise let any web page stop the programs.
/// </summary>
internal sealed class SupervisordWebUi(SupervisordRpc rpc, TimeProvider time, string identification)
{
    private const string Html = "text/html;charset=utf-8";
    private const int TailBytes = 1024;
    private readonly WebActions _actions = new(rpc, time);

    /// <summary>Answers the request if it is one of the web interface's; false leaves it to the caller.</summary>
    public bool TryHandle(HttpRequest request, IResponse response, IReadOnlyList<string> headers)
    {
        if (request.Method is not ("GET" or "POST")) return false;
        switch (request.Path)
        {
            case "/" or "/index.html": Status(request, response, headers); return true;
            case "/tail.html": Tail(request, response, headers); return true;
            case "/ok.html": response.Send(200, "text/plain", "OK"u8, headers, close: false); return true;
            default: return false;
        }
    }

    private void Status(HttpRequest request, IResponse response, IReadOnlyList<string> headers)
    {
        var form = Form(request);
        var action = form.GetValueOrDefault("action");
        if (!string.IsNullOrEmpty(action))
        {
            if (!WebActions.IsKnown(action))
            {
                response.Send(400, "text/plain;charset=utf-8", Encoding.UTF8.GetBytes($"unknown action \"{action}\": expected start, stop, restart, clearlog, refresh, stopall or restartall\n"), headers, close: false);
                return;
            }
            if (WebActions.Changes(action) && BrowserOrigin.IsCrossSite(request))
            {
                response.Send(403, "text/plain;charset=utf-8", "refused: a page of another site asked for this action; use the buttons of this page\n"u8, headers, close: false);
                return;
            }
            var message = _actions.Perform(action, form.GetValueOrDefault("processname"));
            if (message is null)
            {
                response.Send(400, "text/plain;charset=utf-8", Encoding.UTF8.GetBytes($"action \"{action}\" needs processname=NAME\n"), headers, close: false);
                return;
            }
            response.Send(303, Html, [], [.. headers, "Location: /?message=" + Uri.EscapeDataString(message)], close: false);
            return;
        }
        var processes = rpc.Backend.Processes();
        var page = StatusPage.Status(processes, time.GetUtcNow().ToUnixTimeSeconds(), time.LocalTimeZone, form.GetValueOrDefault("message"), identification);
        response.Send(200, Html, Encoding.UTF8.GetBytes(page), [.. headers, "Cache-Control: no-store"], close: false);
    }

    private void Tail(HttpRequest request, IResponse response, IReadOnlyList<string> headers)
    {
        var form = Form(request);
        var processname = form.GetValueOrDefault("processname");
        // supervisord: at least the last 1024 bytes; "limit" asks for more.
        var limit = int.TryParse(form.GetValueOrDefault("limit"), out var asked) && asked > TailBytes ? asked : TailBytes;
        string text;
        if (string.IsNullOrEmpty(processname)) text = "No process name found";
        else
        {
            try
            {
                text = rpc.ReadProcessLog(processname, -limit, 0, LogChannel.Stdout) is XmlRpcString s ? s.Value : "";
            }
            catch (RpcException e)
            {
                text = e.Fault.Code == Faults.NoFile ? $"No file for {processname}" : $"ERROR: unexpected rpc fault [{e.Fault.Code}] {e.Fault.Text}";
            }
        }
        var page = StatusPage.Tail(string.IsNullOrEmpty(processname) ? null : processname, text, limit, identification);
        response.Send(200, Html, Encoding.UTF8.GetBytes(page), [.. headers, "Cache-Control: no-store"], close: false);
    }

    /// <summary>The query string, and for a POST the form in the body too (the body's fields win, as in supervisord).</summary>
    private static Dictionary<string, string> Form(HttpRequest request)
    {
        var form = new Dictionary<string, string>(request.Query, StringComparer.Ordinal);
        if (request.Method == "POST")
            foreach (var (key, value) in FormBody.Parse(request.Body))
                form[key] = value;
        return form;
    }
}
