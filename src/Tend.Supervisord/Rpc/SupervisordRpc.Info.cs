using Tend.Supervisord.Protocol;
using Tend.Supervisord.XmlRpc;

namespace Tend.Supervisord.Rpc;

/// <summary>State, process information, and the configuration calls behind reread/update/add/remove.</summary>
public sealed partial class SupervisordRpc
{
    internal XmlRpcValue GetState()
    {
        var state = Backend.State;
        return new XmlRpcStructBuilder().Add("statecode", (int)state).Add("statename", SupervisorStates.Name(state)).Build();
    }

    internal XmlRpcValue GetProcessInfo(string spec) =>
        ProcessInfo.Struct(ResolveProcess(spec), Now, _time.LocalTimeZone);

    /// <summary>In lexical order of group, then name (supervisorctl status prints them as they come).</summary>
    internal XmlRpcValue GetAllConfigInfo() =>
        new XmlRpcArray(Backend.Configs().Select(c => (XmlRpcValue)ConfigInfo.Struct(c)).ToArray());

    internal XmlRpcValue GetAllProcessInfo()
    {
        var now = Now;
        var zone = _time.LocalTimeZone;
        return new XmlRpcArray(Backend.Processes()
            .OrderBy(p => p.Group, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (XmlRpcValue)ProcessInfo.Struct(p, now, zone))
            .ToArray());
    }

    /// <summary>[[added, changed, removed]]: supervisorctl reads the first element of the outer array.</summary>
    internal XmlRpcValue ReloadConfig()
    {
        var outcome = Backend.ReloadConfig();
        if (outcome.Error is not null) throw RpcException.Of(Faults.CantReread, outcome.Error);
        static XmlRpcArray Names(IReadOnlyList<string> names) => new(names.Select(n => (XmlRpcValue)n).ToArray());
        return new XmlRpcArray(new XmlRpcArray(Names(outcome.Added), Names(outcome.Changed), Names(outcome.Removed)));
    }

    internal XmlRpcValue AddProcessGroup(string name) => Check(Backend.AddProcessGroup(name), name);

    internal XmlRpcValue RemoveProcessGroup(string name)
    {
        if (!Backend.Processes().Any(p => p.Group == name)) throw RpcException.Of(Faults.BadName, name);
        return Check(Backend.RemoveProcessGroup(name), name);
    }
}
