using Tend.Supervisord.Http;
using Tend.Supervisord.Protocol;
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
        return Evaluate(call);
    }

    /// <summary>
    /// As <see cref="Handle"/>, then <paramref name="send"/>: what the server calls. A call whose reply
    /// may be megabytes (a log read, a multicall) holds one of a few slots from evaluation until its
    /// reply is sent, so however many connections ask at once, only that many large replies are in
    /// memory (each is bounded by MaxReplyBytes); the others wait, or get a fault after a while.
    /// Small calls (status, start, stop) never wait for them.
    /// </summary>
    public void Serve(ReadOnlySpan<byte> body, Action<XmlRpcHttpReply> send)
    {
        var parsed = MethodCallParser.Parse(body, _limits);
        if (parsed.Call is not { } call)
        {
            send(new XmlRpcHttpReply(400, "text/html", ErrorPage.Body(400, "Bad Request")));
            return;
        }
        if (!IsLarge(call.MethodName))
        {
            send(Evaluate(call));
            return;
        }
        if (!_largeReplies.Wait(LargeReplyWait))
        {
            send(new XmlRpcHttpReply(200, "text/xml", XmlRpcWriter.Fault(Faults.Failed,
                Faults.Text(Faults.Failed, "busy: too many large replies (log reads, multicalls) at once; try again"))));
            return;
        }
        try { send(Evaluate(call)); }
        finally { _largeReplies.Release(); }
    }

    private XmlRpcHttpReply Evaluate(MethodCall call)
    {
        var reply = rpc.Handle(call.MethodName, call.Params);
        var bytes = reply.Fault is { } fault ? XmlRpcWriter.Fault(fault.Code, fault.Text) : XmlRpcWriter.Response(reply.Value!);
        return new XmlRpcHttpReply(200, "text/xml", bytes);
    }

    private static bool IsLarge(string method) =>
        method == "system.multicall" || method.StartsWith("supervisor.read", StringComparison.Ordinal) || method.StartsWith("supervisor.tail", StringComparison.Ordinal);

    /// <summary>Large replies in memory at once, and how long a call waits for a turn.</summary>
    private const int LargeRepliesAtOnce = 2;
    private static readonly TimeSpan LargeReplyWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _largeReplies = new(LargeRepliesAtOnce, LargeRepliesAtOnce);
}
