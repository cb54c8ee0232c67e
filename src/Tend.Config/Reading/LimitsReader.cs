using System.Globalization;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// A program's resource keys: <c>limits: {memory, cpu, pids}</c> (cgroup v2, what compose calls
/// mem_limit, cpus and pids_limit), <c>rlimits: {nofile: 1024, core: 0, nproc: "64:128"}</c>
/// (setrlimit, what compose calls ulimits) and <c>oom_score_adj:</c>. Sizes take docker's units too
/// (256m, 1g), since people copy them from `docker run --memory`.
/// </summary>
internal static class LimitsReader
{
    public const string ExpectedLimits = "expected a mapping like {memory: 256MiB, cpu: 0.5, pids: 100}";
    public const string ExpectedMemory = "expected a size like 256MiB, 256m or 1GiB (k, m, g count 1024s, as in docker run --memory)";
    public const string ExpectedCpu = "expected a number of CPUs above 0, e.g. 0.5 or 2";
    public const string ExpectedPids = "expected a whole number of processes above 0, e.g. 100";
    public const string ExpectedRlimit = "expected a number, 'unlimited', or SOFT:HARD like 1024:4096";
    public const string ExpectedOomScoreAdj = "expected a whole number from -1000 to 1000";

    public static Located<ResourceLimits>? ReadLimits(ReadContext ctx, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map) { ctx.Invalid(ConfigKeys.Limits, node, ExpectedLimits); return null; }
        var limits = new ResourceLimits();
        foreach (var (key, value) in map.Entries)
        {
            var name = $"{ConfigKeys.Limits}.{key.Value}";
            var text = ScalarReaders.Text(ctx, name, value, ExpectedLimits);
            if (text is null) continue;
            switch (key.Value)
            {
                case ConfigKeys.LimitMemory:
                    if (ParseMemory(text) is { } bytes and > 0) limits = limits with { MemoryBytes = bytes };
                    else ctx.Invalid(name, value, ExpectedMemory);
                    break;
                case ConfigKeys.LimitCpu:
                    if (double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus > 0 && cpus <= 100_000)
                        limits = limits with { Cpus = cpus };
                    else ctx.Invalid(name, value, ExpectedCpu);
                    break;
                case ConfigKeys.LimitPids:
                    if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pids) && pids > 0) limits = limits with { Pids = pids };
                    else ctx.Invalid(name, value, ExpectedPids);
                    break;
                default:
                    ctx.Error(key.Location, $"unknown key '{key.Value}' in '{ConfigKeys.Limits}'", KeySuggester.Hint(key.Value, ConfigKeys.LimitKeys));
                    break;
            }
        }
        return new(limits, node.Location);
    }

    public static Located<IReadOnlyList<RlimitSpec>>? ReadRlimits(ReadContext ctx, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map)
        {
            ctx.Invalid(ConfigKeys.Rlimits, node, "expected a mapping like {nofile: 1024, core: 0}");
            return null;
        }
        var list = new List<RlimitSpec>();
        foreach (var (key, value) in map.Entries)
        {
            var name = $"{ConfigKeys.Rlimits}.{key.Value}";
            if (!RlimitSpec.Resources.ContainsKey(key.Value))
            {
                ctx.Error(key.Location, $"unknown resource '{key.Value}' in '{ConfigKeys.Rlimits}'",
                    KeySuggester.Hint(key.Value, [.. RlimitSpec.Resources.Keys]));
                continue;
            }
            var text = ScalarReaders.Text(ctx, name, value, ExpectedRlimit);
            if (text is null) continue;
            if (ParseRlimit(text) is not var (soft, hard)) { ctx.Invalid(name, value, ExpectedRlimit); continue; }
            if (soft > hard) { ctx.Error(value.Location, $"'{name}': the soft limit {soft} is above the hard limit {hard}", "write SOFT:HARD with SOFT <= HARD"); continue; }
            list.Add(new RlimitSpec(key.Value, soft, hard));
        }
        return new(list, node.Location);
    }

    public static Located<int>? ReadOomScoreAdj(ReadContext ctx, ConfigNode node)
    {
        var n = ScalarReaders.Int(ctx, ConfigKeys.OomScoreAdj, node);
        if (n is { Value: < -1000 or > 1000 })
        {
            ctx.Invalid(ConfigKeys.OomScoreAdj, node, ExpectedOomScoreAdj);
            return null;
        }
        return n;
    }

    /// <summary>"1024" (soft = hard), "1024:4096", "unlimited", "-1" (compose's word for unlimited).</summary>
    internal static (ulong Soft, ulong Hard)? ParseRlimit(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length > 2) return null;
        var soft = One(parts[0]);
        var hard = parts.Length == 2 ? One(parts[1]) : soft;
        return soft is { } s && hard is { } h ? (s, h) : null;

        static ulong? One(string s)
        {
            s = s.Trim();
            if (s is "unlimited" or "infinity" or "-1") return RlimitSpec.Unlimited;
            return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
    }

    /// <summary>Tend's sizes (256MiB, 1GB) and docker's (256m, 1g, 512k: 1024s, either case).</summary>
    internal static long? ParseMemory(string text)
    {
        var s = text.Trim();
        if (s.Length > 1 && char.ToLowerInvariant(s[^1]) is 'k' or 'm' or 'g' or 't' && char.IsAsciiDigit(s[^2]))
        {
            var shift = char.ToLowerInvariant(s[^1]) switch { 'k' => 10, 'm' => 20, 'g' => 30, _ => 40 };
            if (!long.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue >> shift) return null;
            return n << shift;
        }
        return ScalarReaders.ParseByteSize(s);
    }
}
