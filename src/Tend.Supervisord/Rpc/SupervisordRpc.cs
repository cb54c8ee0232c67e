using Tend.Supervisord.Backend;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>A method's answer: a value, or a fault. Exactly one is set.</summary>
public readonly record struct RpcReply(XmlRpcValue? Value, RpcFault? Fault)
{
    public static RpcReply Of(XmlRpcValue value) => new(value, null);

    public static RpcReply Failed(RpcFault fault) => new(null, fault);
}

public sealed record SupervisordRpcOptions
{
    /// <summary>The most log bytes one read or tail returns (supervisord has no bound).</summary>
    public int MaxLogReadBytes { get; init; } = 1 << 20;

    /// <summary>
    /// The largest reply, as written (a multicall's: all its results together). Past it the call
    /// answers a fault instead: 150 log reads in one 39 KB multicall took PID 1 to 1.1 GB before.
    /// Room for one whole log read even if every byte of it must be escaped.
    /// </summary>
    public int MaxReplyBytes { get; init; } = 6 << 20;

    public static readonly SupervisordRpcOptions Default = new();
}

/// <summary>
/// supervisord's XML-RPC interface as pure code over <see cref="ISupervisordBackend"/>: resolves
/// names the way supervisord does, checks states, and shapes replies and faults as it does.
/// <see cref="Handle"/> never throws; calls may block as long as the backend does.
/// </summary>
public sealed partial class SupervisordRpc(ISupervisordBackend backend, TimeProvider? time = null, SupervisordRpcOptions? options = null)
{
    /// <summary>supervisorctl refuses to talk to a server that answers anything else to getVersion.</summary>
    public const string ApiVersion = "3.0";

    internal ISupervisordBackend Backend { get; } = backend;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SupervisordRpcOptions _options = options ?? SupervisordRpcOptions.Default;

    public RpcReply Handle(string methodName, IReadOnlyList<XmlRpcValue> parameters)
    {
        try
        {
            var value = Invoke(methodName, parameters);
            if (XmlRpcSize.Of(value) > _options.MaxReplyBytes) throw ReplyTooLarge();
            return RpcReply.Of(value);
        }
        catch (RpcException e)
        {
            return RpcReply.Failed(e.Fault);
        }
        catch (Exception e)
        {
            // A backend failure is the server's problem, but the client still deserves an answer it can show.
            return RpcReply.Failed(RpcFault.Of(Faults.Failed, Model.ErrorText.Of(e)));
        }
    }

    private XmlRpcValue Invoke(string methodName, IReadOnlyList<XmlRpcValue> parameters)
    {
        // supervisord accepts exactly "namespace.method" and never a name starting with '_'.
        if (!MethodTable.ByName.TryGetValue(methodName, out var method)) throw RpcException.Of(Faults.UnknownMethod);
        if (parameters.Count < method.RequiredParams || parameters.Count > method.MaxParams) throw RpcException.Of(Faults.IncorrectParameters);
        if (method.RefusedWhileShuttingDown && SupervisorStates.RefusesCalls(Backend.State)) throw RpcException.Of(Faults.ShutdownState);
        return method.Invoke(this, new RpcArgs(parameters));
    }

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    private RpcException ReplyTooLarge() =>
        RpcException.Of(Faults.Failed, $"the reply would be larger than {_options.MaxReplyBytes} bytes; ask for less (fewer calls, shorter log reads)");

    /// <summary>true for success; otherwise the fault, its detail defaulting to <paramref name="defaultDetail"/>.</summary>
    internal XmlRpcValue Check(BackendResult result, string? defaultDetail)
    {
        if (result.Succeeded) return true;
        throw RpcException.Of(result.Code, result.Detail ?? defaultDetail);
    }

    /// <summary>supervisord's lookup: the group must exist; "g:*" yields the group alone (process null).</summary>
    private (IReadOnlyList<ProcessSnapshot> All, string Group, ProcessSnapshot? Process) Resolve(string spec)
    {
        var all = Backend.Processes();
        var ns = Namespec.Parse(spec);
        if (!all.Any(p => p.Group == ns.Group)) throw RpcException.Of(Faults.BadName, spec);
        if (ns.Process is null) return (all, ns.Group, null);
        var process = all.FirstOrDefault(p => p.Group == ns.Group && p.Name == ns.Process)
            ?? throw RpcException.Of(Faults.BadName, spec);
        return (all, ns.Group, process);
    }

    /// <summary>
    /// The process a namespec names, resolved as every method resolves it ("g:p" only if group g
    /// holds p); null when none. For the HTTP paths that name processes too (/logtail), so a name
    /// the RPC refuses is never served there.
    /// </summary>
    public ProcessRef? FindProcess(string spec)
    {
        try { return Resolve(spec).Process?.Ref; }
        catch (RpcException) { return null; }
    }

    private ProcessSnapshot ResolveProcess(string spec) => Resolve(spec).Process ?? throw RpcException.Of(Faults.BadName, spec);

    private IReadOnlyList<ProcessSnapshot> GroupMembers(string group)
    {
        var members = Backend.Processes().Where(p => p.Group == group).ToList();
        if (members.Count == 0) throw RpcException.Of(Faults.BadName, group);
        return members;
    }
}
