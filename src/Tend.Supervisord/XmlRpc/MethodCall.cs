namespace Tend.Supervisord.XmlRpc;

/// <summary>A decoded methodCall: the method's name and its positional parameters.</summary>
public sealed record MethodCall(string MethodName, IReadOnlyList<XmlRpcValue> Params);

/// <summary>Either a call or why the body is not one (supervisord answers the latter with HTTP 400).</summary>
public sealed record MethodCallParseResult(MethodCall? Call, string? Error)
{
    public bool Ok => Call is not null;
}
