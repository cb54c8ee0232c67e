using System.Globalization;
using Tend.Http;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Supervisord.Http;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.Web;

namespace Tend.Supervisord.Server;

/// <summary>
/// The HTTP face of supervisord that supervisorctl talks to: POST /RPC2 (XML-RPC), and the two
/// streams `tail -f` and `maintail -f` read, GET /logtail/NAME[/stdout|/stderr] and /mainlogtail
/// (the last 1 KiB, then every new write as one chunk, until the client leaves); and supervisord's
/// web interface for a browser (<see cref="SupervisordWebUi"/>). Basic auth first, when the
/// configuration sets a username.
/// </summary>
internal sealed class SupervisordHttp(XmlRpcEndpoint endpoint, BasicAuth auth, LogHistory history, Func<string, string?> programNamed, SupervisordWebUi webUi)
{
    private const string SelfName = "tend";
    private const int FirstChunkBytes = 1024;
    private static readonly TimeSpan LivenessCheck = TimeSpan.FromSeconds(5);
    private static readonly string[] ServerHeader = ["Server: Medusa/1.12"];

    public void Handle(HttpRequest request, IResponse response)
    {
        if (!auth.IsAccepted(request.Headers.GetValueOrDefault("Authorization")))
        {
            response.Send(401, "text/html", ErrorPage.Body(401, "Unauthorized"),
                [.. ServerHeader, "WWW-Authenticate: " + ErrorPage.AuthenticateHeader], close: true);
            return;
        }
        if (request.Method == "POST" && XmlRpcEndpoint.Matches(request.Path))
        {
            endpoint.Serve(request.Body, reply => response.Send(reply.Status, reply.ContentType, reply.Body, ServerHeader, close: false));
            return;
        }
        if (webUi.TryHandle(request, response, ServerHeader)) return;
        if (request.Method == "GET" && request.Path == "/mainlogtail")
        {
            Follow(response, SelfName, LogStream.Stdout, accelHeader: false);
            return;
        }
        if (request.Method == "GET" && request.Path.StartsWith("/logtail/", StringComparison.Ordinal))
        {
            // supervisord's logtail: NAME[/stdout|/stderr], NAME resolved as the RPC methods resolve it.
            var parts = request.Path["/logtail/".Length..].Split('/', 2);
            var name = programNamed(parts[0]);
            var channel = parts.Length > 1 ? parts[1] : "stdout";
            var stream = channel == "stderr" ? LogStream.Stderr : LogStream.Stdout;
            if (name is null || channel is not ("stdout" or "stderr"))
            {
                response.Send(404, "text/html", ErrorPage.Body(404, "Not Found"), ServerHeader, close: false);
                return;
            }
            Follow(response, name, stream, accelHeader: true);
            return;
        }
        response.Send(404, "text/html", ErrorPage.Body(404, "Not Found"), ServerHeader, close: false);
    }

    private void Follow(IResponse response, string program, LogStream stream, bool accelHeader)
    {
        var (_, kept, sequence) = history.StreamTail(program, stream);
        var now = DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        List<string> headers = [.. ServerHeader, "Last-Modified: " + now];
        if (accelHeader) headers.Add("X-Accel-Buffering: no");
        using var body = response.BeginChunked(200, "text/plain;charset=utf-8", headers);
        var first = kept.AsSpan(Math.Max(0, kept.Length - FirstChunkBytes));
        if (!first.IsEmpty && !body.TryWrite(first)) return;
        string[] only = [program];
        while (history.WaitForMore(sequence, LivenessCheck))
        {
            var chunks = history.ChunksAfter(sequence, only, out sequence);
            var any = false;
            foreach (var chunk in chunks)
            {
                if (chunk.Stream != stream) continue;
                any = true;
                if (!body.TryWrite(chunk.Data)) return;
            }
            if (!any && !body.TryWrite([])) return; // is the client still there?
        }
    }
}
