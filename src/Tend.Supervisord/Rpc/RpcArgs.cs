using System.Globalization;
using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>
/// Positional parameters with supervisord's leniency: an int may arrive as a string of digits (it
/// calls int() on them), a flag as a boolean or an int. Anything else is INCORRECT_PARAMETERS.
/// </summary>
internal readonly struct RpcArgs(IReadOnlyList<XmlRpcValue> values)
{
    public int Count => values.Count;

    public XmlRpcValue this[int i] => values[i];

    public string String(int i) =>
        values[i] is XmlRpcString s ? s.Value : throw RpcException.Of(Faults.IncorrectParameters);

    public long Int(int i) => values[i] switch
    {
        XmlRpcInt n => n.Value,
        XmlRpcString s when long.TryParse(s.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw RpcException.Of(Faults.IncorrectParameters),
    };

    /// <summary>supervisord's "wait" flags default to true when the client leaves them out, as supervisorctl does.</summary>
    public bool Flag(int i, bool missing = true)
    {
        if (i >= values.Count) return missing;
        return values[i] switch
        {
            XmlRpcBool b => b.Value,
            XmlRpcInt n => n.Value != 0,
            _ => throw RpcException.Of(Faults.IncorrectParameters),
        };
    }

    /// <summary>A signal as a name ("HUP", "SIGHUP") or a number, given as a string or an int.</summary>
    public string SignalText(int i) => values[i] switch
    {
        XmlRpcString s => s.Value,
        XmlRpcInt n => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => throw RpcException.Of(Faults.IncorrectParameters),
    };
}
