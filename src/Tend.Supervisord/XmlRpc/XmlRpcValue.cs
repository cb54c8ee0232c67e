namespace Tend.Supervisord.XmlRpc;

/// <summary>
/// One XML-RPC value. The set is what Python's xmlrpc.client (supervisord's codec) reads and writes:
/// int (i4), boolean, string, double, dateTime.iso8601, base64, array, struct, and nil.
/// Struct members keep their order: supervisord's replies list them in a fixed order and the
/// writer reproduces it byte for byte.
/// </summary>
public abstract record XmlRpcValue
{
    public static implicit operator XmlRpcValue(int value) => new XmlRpcInt(value);
    public static implicit operator XmlRpcValue(bool value) => value ? XmlRpcBool.True : XmlRpcBool.False;
    public static implicit operator XmlRpcValue(string value) => new XmlRpcString(value);
}

public sealed record XmlRpcInt(int Value) : XmlRpcValue;

public sealed record XmlRpcBool(bool Value) : XmlRpcValue
{
    public static readonly XmlRpcBool True = new(true), False = new(false);
}

public sealed record XmlRpcString(string Value) : XmlRpcValue;

public sealed record XmlRpcDouble(double Value) : XmlRpcValue;

/// <summary>A dateTime.iso8601 value: no time zone on the wire (Python writes local wall-clock time).</summary>
public sealed record XmlRpcDateTime(DateTime Value) : XmlRpcValue;

public sealed record XmlRpcBase64(byte[] Value) : XmlRpcValue;

public sealed record XmlRpcNil : XmlRpcValue
{
    public static readonly XmlRpcNil Instance = new();
}

public sealed record XmlRpcArray(IReadOnlyList<XmlRpcValue> Items) : XmlRpcValue
{
    public XmlRpcArray(params XmlRpcValue[] items) : this((IReadOnlyList<XmlRpcValue>)items) { }
}

public sealed record XmlRpcStruct(IReadOnlyList<KeyValuePair<string, XmlRpcValue>> Members) : XmlRpcValue
{
    /// <summary>The value of the first member named <paramref name="name"/>, or null.</summary>
    public XmlRpcValue? Get(string name)
    {
        foreach (var m in Members)
            if (m.Key == name) return m.Value;
        return null;
    }
}

/// <summary>Builds a struct whose members keep the order they were added in.</summary>
public sealed class XmlRpcStructBuilder
{
    private readonly List<KeyValuePair<string, XmlRpcValue>> _members = [];

    public XmlRpcStructBuilder Add(string name, XmlRpcValue value)
    {
        _members.Add(new(name, value));
        return this;
    }

    public XmlRpcStruct Build() => new(_members.ToArray());
}
