namespace Tend.Supervisord.XmlRpc;

/// <summary>Bounds on what the method-call parser accepts, so a hostile body costs little.</summary>
public sealed record XmlRpcLimits
{
    /// <summary>supervisorctl's largest request (sendProcessStdin of a typed line) is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Nested arrays and structs; system.multicall needs 4 (array, struct, params array, value).</summary>
    public int MaxDepth { get; init; } = 32;

    public static readonly XmlRpcLimits Default = new();
}
