using System.Globalization;
using Tend.Config;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export;

/// <summary>
/// A program's limits:, rlimits: and oom_score_adj: for each target. Compose has a key for every
/// one (mem_limit, cpus, pids_limit, ulimits, oom_score_adj); Kubernetes has resources.limits for
/// memory and cpu only: pids, rlimits and oom_score_adj are noted as not carried over. tend.yaml
/// (a group's TEND_YAML, `tend convert`) keeps them as written.
/// </summary>
internal static class ResourceKeys
{
    /// <summary>The compose service keys.</summary>
    public static void AddToCompose(YamlMap service, ProgramSpec p)
    {
        if (p.Limits is { } limits)
        {
            if (limits.MemoryBytes is { } memory) service.Add("mem_limit", memory);
            if (limits.Cpus is { } cpus) service.Add("cpus", YamlScalar.AsIs(Number(cpus)));
            if (limits.Pids is { } pids) service.Add("pids_limit", pids);
        }
        if (p.Rlimits.Count > 0)
        {
            var ulimits = service.Map("ulimits");
            foreach (var r in p.Rlimits)
                ulimits.Add(r.Name, new YamlMap().Add("soft", Compose(r.Soft)).Add("hard", Compose(r.Hard)));
        }
        if (p.OomScoreAdj is { } adj) service.Add("oom_score_adj", adj);
    }

    /// <summary>resources.limits of the program's container (memory, cpu); the rest as notes.</summary>
    public static void AddToKubernetes(YamlMap container, ProgramSpec p, Action<string> note)
    {
        if (p.Limits is { } limits)
        {
            if (limits.MemoryBytes is not null || limits.Cpus is not null)
            {
                var map = container.Map("resources").Map("limits");
                if (limits.Cpus is { } cpus) map.Add("cpu", Millicores(cpus));
                if (limits.MemoryBytes is { } memory) map.Add("memory", Quantity(memory));
            }
            if (limits.Pids is { } pids) note($"limits.pids {pids} has no per-container field in Kubernetes (the kubelet's podPidsLimit is node-wide)");
        }
        if (p.Rlimits.Count > 0)
            note($"rlimits {string.Join(", ", p.Rlimits.Select(r => $"{r.Name}={r.Text}"))}: Kubernetes has no ulimits; the container runtime's defaults apply");
        if (p.OomScoreAdj is { } adj) note($"oom_score_adj {adj}: Kubernetes sets it from the pod's QoS class");
    }

    /// <summary>tend.yaml's own keys, as read back by the loader.</summary>
    public static void AddToTendYaml(YamlMap m, ProgramSpec p)
    {
        if (p.Limits is { } limits)
        {
            var map = new YamlMap();
            if (limits.MemoryBytes is { } memory) map.Add(ConfigKeys.LimitMemory, memory);
            if (limits.Cpus is { } cpus) map.Add(ConfigKeys.LimitCpu, YamlScalar.AsIs(Number(cpus)));
            if (limits.Pids is { } pids) map.Add(ConfigKeys.LimitPids, pids);
            m.Add(ConfigKeys.Limits, map);
        }
        if (p.Rlimits.Count > 0)
        {
            var map = new YamlMap();
            foreach (var r in p.Rlimits) map.Add(r.Name, YamlScalar.Quoted(r.Text));
            m.Add(ConfigKeys.Rlimits, map);
        }
        if (p.OomScoreAdj is { } adj) m.Add(ConfigKeys.OomScoreAdj, adj);
    }

    private static string Number(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>compose writes unlimited as -1.</summary>
    private static long Compose(ulong v) => v == RlimitSpec.Unlimited ? -1 : (long)Math.Min(v, long.MaxValue);

    private static string Millicores(double cpus) => cpus == Math.Floor(cpus) ? Number(cpus) : $"{(long)Math.Round(cpus * 1000)}m";

    /// <summary>256Mi, 1Gi, or plain bytes: Kubernetes' binary suffixes where the size is a whole number of them.</summary>
    private static string Quantity(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}Gi",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}Mi",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}Ki",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
