namespace Tend.Config;

/// <summary>
/// The hint for an unknown key: the closest valid key when one is close enough to be a typo
/// (or a known name from another tool), otherwise the full list so the user can pick.
/// </summary>
internal static class KeySuggester
{
    public static string Hint(string unknown, IReadOnlyList<string> valid)
    {
        var suggestion = Suggest(unknown, valid);
        return suggestion is not null
            ? $"did you mean '{suggestion}'?"
            : $"valid keys are: {string.Join(", ", valid)}";
    }

    /// <summary>The valid key <paramref name="unknown"/> most likely meant, or null.</summary>
    public static string? Suggest(string unknown, IReadOnlyList<string> valid)
    {
        var lower = unknown.ToLowerInvariant();
        if (ConfigKeys.Aliases.TryGetValue(lower, out var alias) && valid.Contains(alias)) return alias;

        // Compare without case and separators, so "workingDir" and "start-retries" match exactly.
        var normal = Normalize(unknown);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in valid)
        {
            var distance = Distance(normal, Normalize(candidate));
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    private static string Normalize(string key) =>
        new(key.ToLowerInvariant().Where(c => c is not ('_' or '-' or ' ')).ToArray());

    /// <summary>Optimal string alignment distance: edits plus adjacent swaps, the usual typos.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
