using Tend.Fuzz.Targets;

namespace Tend.Fuzz;

/// <summary>
/// The targets by the name scripts/fuzz.sh takes (also the folder name of each seed corpus under
/// tests/fuzz-corpus/). Each takes the raw input; any exception it lets out is a crash.
/// </summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new SortedDictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["tend-yaml"] = ConfigTargets.TendYaml,
        ["supervisord-ini"] = ConfigTargets.SupervisordIni,
        ["supervisord-include"] = ConfigTargets.SupervisordInclude,
        ["execline"] = ConfigTargets.Execline,
        ["crontab"] = ConfigTargets.Crontab,
        ["number-file"] = ConfigTargets.NumberFile,
        ["xmlrpc"] = ProtocolTargets.XmlRpc,
        ["http"] = ProtocolTargets.Http,
        ["runit"] = ProtocolTargets.Runit,
        ["yaml-quoting"] = OutputTargets.YamlQuoting,
    };
}
