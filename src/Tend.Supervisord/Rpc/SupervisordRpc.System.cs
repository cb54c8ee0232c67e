using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>The system.* namespace: introspection and multicall.</summary>
public sealed partial class SupervisordRpc
{
    internal XmlRpcValue ListMethods() =>
        new XmlRpcArray(MethodTable.ByName.Keys.Order(StringComparer.Ordinal).Select(n => (XmlRpcValue)n).ToArray());

    internal XmlRpcValue MethodHelp(string name) =>
        MethodTable.ByName.TryGetValue(name, out var m) ? m.Help : throw RpcException.Of(Faults.SignatureUnsupported);

    internal XmlRpcValue MethodSignature(string name) =>
        MethodTable.ByName.TryGetValue(name, out var m)
            ? new XmlRpcArray(m.Signature.Select(t => (XmlRpcValue)t).ToArray())
            : throw RpcException.Of(Faults.SignatureUnsupported);

    /// <summary>
    /// Runs the calls in order. As supervisord does (and unlike the multicall convention that
    /// Python's MultiCall client expects), a successful call's value is placed in the result array
    /// as it is, not wrapped in a one-element array; a fault becomes {faultCode, faultString}.
    /// The results together are bounded like one reply: the call stops and faults as soon as they
    /// pass MaxReplyBytes, so memory never holds more than that plus one result.
    /// </summary>
    internal XmlRpcValue Multicall(XmlRpcValue calls)
    {
        if (calls is not XmlRpcArray list) throw RpcException.Of(Faults.IncorrectParameters);
        var results = new List<XmlRpcValue>(list.Items.Count);
        long size = 0;
        foreach (var call in list.Items)
        {
            var result = OneOfMulticall(call);
            size += XmlRpcSize.Of(result);
            if (size > _options.MaxReplyBytes) throw ReplyTooLarge();
            results.Add(result);
        }
        return new XmlRpcArray(results);
    }

    private XmlRpcValue OneOfMulticall(XmlRpcValue call)
    {
        RpcReply reply;
        if (call is not XmlRpcStruct s)
            reply = RpcReply.Failed(RpcFault.Of(Faults.IncorrectParameters, "call is not a struct"));
        else if (s.Get("methodName") is not XmlRpcString name)
            reply = RpcReply.Failed(RpcFault.Of(Faults.IncorrectParameters, "No methodName"));
        else if (name.Value == "system.multicall")
            reply = RpcReply.Failed(RpcFault.Of(Faults.IncorrectParameters, "Recursive system.multicall forbidden"));
        else if (s.Get("params") is { } p and not XmlRpcArray)
            reply = RpcReply.Failed(RpcFault.Of(Faults.IncorrectParameters));
        else
            reply = Handle(name.Value, (s.Get("params") as XmlRpcArray)?.Items ?? []);
        return reply.Fault is { } f
            ? new XmlRpcStructBuilder().Add("faultCode", f.Code).Add("faultString", f.Text).Build()
            : reply.Value!;
    }
}
