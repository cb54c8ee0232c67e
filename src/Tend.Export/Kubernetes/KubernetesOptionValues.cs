using System.Text.RegularExpressions;

namespace Tend.Export.Kubernetes;

/// <summary>
/// The values of `tend export kubernetes`' --namespace, --label, --requests, --limits and
/// --storage, checked as the API server would check them, so a typo is an error at export time
/// naming the option rather than a rejected apply later. Each returns null and an error text.
/// </summary>
public static partial class KubernetesOptionValues
{
    /// <summary>A namespace: a DNS label.</summary>
    public static string? Namespace(string text, out string? error)
    {
        error = DnsLabel().IsMatch(text) && text.Length <= 63 ? null
            : $"'{text}' is not a namespace name: lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit";
        return error is null ? text : null;
    }

    /// <summary>"KEY=VALUE": a label key ([prefix/]name) and value as Kubernetes accepts them.</summary>
    public static KeyValuePair<string, string>? Label(string text, out string? error)
    {
        error = null;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) { error = $"'{text}': expected KEY=VALUE, e.g. team=web"; return null; }
        var (key, value) = (text[..eq], text[(eq + 1)..]);
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix)))
            error = $"label key '{key}': its prefix must be a DNS subdomain (example.com/)";
        else if (name.Length > 63 || !LabelName().IsMatch(name))
            error = $"label key '{key}': at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        else if (value.Length > 63 || value.Length > 0 && !LabelName().IsMatch(value))
            error = $"label value '{value}': empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        return error is null ? new(key, value) : null;
    }

    /// <summary>"cpu=100m,memory=64Mi": resource names and quantities.</summary>
    public static IReadOnlyDictionary<string, string>? Resources(string text, out string? error)
    {
        error = null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { error = $"'{part}': expected NAME=QUANTITY, e.g. cpu=250m,memory=128Mi"; return null; }
            var (name, quantity) = (part[..eq], part[(eq + 1)..]);
            if (name is not ("cpu" or "memory" or "ephemeral-storage") && !name.StartsWith("hugepages-", StringComparison.Ordinal))
            {
                error = $"'{name}' is not a container resource: cpu, memory, ephemeral-storage or hugepages-SIZE";
                return null;
            }
            if (Quantity(quantity, out error) is null) return null;
            if (!result.TryAdd(name, quantity)) { error = $"{name} is given twice"; return null; }
        }
        return result;
    }

    /// <summary>A Kubernetes quantity: 250m, 0.5, 128Mi, 1G, 1e3.</summary>
    public static string? Quantity(string text, out string? error)
    {
        error = QuantityPattern().IsMatch(text) ? null
            : $"'{text}' is not a quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. 250m, 128Mi, 1Gi)";
        return error is null ? text : null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[munkMGTPE]|[KMGTPE]i)?$")]
    private static partial Regex QuantityPattern();
}
