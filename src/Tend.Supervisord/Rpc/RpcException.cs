using Tend.Supervisord.Protocol;

namespace Tend.Supervisord.Rpc;

/// <summary>
/// A method's fault, thrown inside the dispatcher (as supervisord raises RPCError) and turned into a
/// fault reply by <see cref="SupervisordRpc.Handle"/>; it never leaves the dispatcher.
/// </summary>
internal sealed class RpcException(RpcFault fault) : Exception(fault.Text)
{
    public RpcFault Fault { get; } = fault;

    public static RpcException Of(int code, string? detail = null) => new(RpcFault.Of(code, detail));
}
