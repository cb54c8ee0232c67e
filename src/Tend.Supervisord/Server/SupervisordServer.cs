using Tend.Http;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;
using Tend.Supervisord.Http;
using Tend.Supervisord.Rpc;
using Tend.Supervisord.Web;

namespace Tend.Supervisord.Server;

/// <summary>
/// The XML-RPC servers a supervisord.conf asks for ([unix_http_server], [inet_http_server]), for
/// supervisorctl: one backend over the supervisor, one name resolution for /RPC2 and /logtail, and
/// supervisord's own rule for who may listen where (<see cref="InetServerRule"/>). A server that
/// cannot be opened is reported and skipped: supervising matters more than being controllable.
/// </summary>
public static class SupervisordServer
{
    /// <param name="supervisor">What the servers drive.</param>
    /// <param name="logs">The live log streams (for /logtail).</param>
    /// <param name="history">The kept log lines (readProcessStdoutLog, tailProcessStdoutLog, ...).</param>
    /// <param name="settings">The servers supervisord.conf asks for and their credentials.</param>
    /// <param name="reread">Reads the configuration again (reloadConfig, update); null: there is no file to read again.</param>
    /// <param name="logged">Wraps each opened server so its handler failures are logged (the composer's policy).</param>
    /// <returns>The servers opened; the caller disposes them.</returns>
    public static IReadOnlyList<HttpServer> Open(Supervisor supervisor, LogMux logs, LogHistory history, SupervisordSettings settings,
        ConfigReader? reread, Func<HttpServer, string, HttpServer> logged)
    {
        var servers = new List<HttpServer>();
        var backend = new SupervisorBackend(supervisor, history, logs, settings, reread ?? (() => (null, ["no configuration file to read again"])));
        var rpc = new SupervisordRpc(backend);
        var endpoint = new XmlRpcEndpoint(rpc);
        var webUi = new SupervisordWebUi(rpc, TimeProvider.System, settings.Identifier);
        string? ProgramNamed(string spec) => rpc.FindProcess(spec)?.Name; // one name resolution for /RPC2 and /logtail
        if (settings.UnixHttpServer is { } unix)
        {
            var auth = new BasicAuth(unix.Credentials?.Username, unix.Credentials?.Password);
            var http = new SupervisordHttp(endpoint, auth, history, ProgramNamed, webUi);
            try
            {
                servers.Add(logged(HttpServer.ListenUnix(unix.File, http.Handle, (UnixFileMode)unix.Chmod, unix.Chown), "supervisorctl"));
                logs.Event($"supervisorctl socket: unix://{unix.File}");
            }
            catch (Exception e) { logs.Event($"supervisord socket {unix.File} not available: {ErrorText.Of(e)}", stream: LogStream.Stderr); }
        }
        if (settings.InetHttpServer is { } inet)
        {
            var auth = new BasicAuth(inet.Credentials?.Username, inet.Credentials?.Password);
            var http = new SupervisordHttp(endpoint, auth, history, ProgramNamed, webUi);
            var address = InetServerRule.Address(inet);
            if (InetServerRule.Refusal(inet) is { } refusal)
            {
                logs.Event($"supervisord server {address} not started: {refusal}", stream: LogStream.Stderr);
                return servers;
            }
            try
            {
                servers.Add(logged(HttpServer.ListenTcp(address, http.Handle), "supervisorctl"));
                logs.Event($"supervisorctl server: http://{address}");
            }
            catch (Exception e) { logs.Event($"supervisord server {address} not available: {ErrorText.Of(e)}", stream: LogStream.Stderr); }
        }
        return servers;
    }
}
