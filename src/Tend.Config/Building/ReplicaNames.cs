using System.Globalization;
using System.Text.RegularExpressions;

namespace Tend.Config;

/// <summary>
/// The names of a program's replicas (<c>replicas: N</c>): <c>replica_name</c>, by default
/// <c>{name}-{n}</c>, with <c>{name}</c> the program's name and <c>{n}</c> the replica's number
/// from 0 (supervisord's <c>%(process_num)d</c>; also given to the replica as TEND_REPLICA).
/// </summary>
internal static partial class ReplicaNames
{
    public const string DefaultPattern = "{name}-{n}";
    public const string NumberVariable = "TEND_REPLICA";
    public const string Rule = "use {name} for the program's name and {n} for the replica's number, e.g. \"{name}-{n}\"";

    public static string Name(string pattern, string program, int n) =>
        pattern.Replace("{name}", program, StringComparison.Ordinal).Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A placeholder other than {name} and {n}, or null.</summary>
    public static string? UnknownPlaceholder(string pattern) =>
        Placeholder().Matches(pattern).Select(m => m.Value).FirstOrDefault(p => p is not ("{name}" or "{n}"));

    public static bool HasNumber(string pattern) => pattern.Contains("{n}", StringComparison.Ordinal);

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
