using Tend.Supervisord.Http;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>An HTTP answer for the server to send: 200 text/xml for every method outcome (faults included), 400 text/html for a body that is not a methodCall.</summary>
public sealed record XmlRpcHttpReply(int Status, string ContentType, byte[] Body);

/// <summary>
/// What the HTTP server calls for POST /RPC2: body in, reply out, never an exception. A method
/// fault is still HTTP 200, as in supervisord; only an unreadable body (or one without a method
/// name) gets 400. The call runs on the caller's thread and may block until the backend answers.
/// </summary>
public sealed class XmlRpcEndpoint(SupervisordRpc rpc, XmlRpcLimits? limits = null)
{
    /// <summary>supervisord serves XML-RPC on every path starting with this.</summary>
    public const string PathPrefix = "/RPC2";

    private readonly XmlRpcLimits _limits = limits ?? XmlRpcLimits.Default;

    public static bool Matches(string path) => path.StartsWith(PathPrefix, StringComparison.Ordinal);

    public XmlRpcHttpReply Handle(ReadOnlySpan<byte> body)
    {
        var parsed = MethodCallParser.Parse(body, _limits);
        if (parsed.Call is not { } call) return new XmlRpcHttpReply(400, "text/html", ErrorPage.Body(400, "Bad Request"));
        var reply = rpc.Handle(call.MethodName, call.Params);
        var bytes = reply.Fault is { } fault ? XmlRpcWriter.Fault(fault.Code, fault.Text) : XmlRpcWriter.Response(reply.Value!);
        return new XmlRpcHttpReply(200, "text/xml", bytes);
    }
}
