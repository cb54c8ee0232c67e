using System.Text;

namespace Tend.Config.Supervisord;

/// <summary>
/// Python's glob.glob for [include] files: '*', '?' and '[...]' ('[!...]' negates) in any path
/// component; a wildcard never matches a leading '.', so "*.conf" skips hidden files. Matches are
/// returned sorted by path, as supervisord sorts them before reading.
/// </summary>
internal static class IniGlob
{
    public static IReadOnlyList<string> Expand(string absolutePattern)
    {
        var root = Path.GetPathRoot(absolutePattern) ?? "/";
        var parts = absolutePattern[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { root };
        foreach (var part in parts)
        {
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasWildcard(part))
                {
                    var path = Path.Combine(dir, part);
                    if (File.Exists(path) || Directory.Exists(path)) next.Add(path);
                    continue;
                }
                if (!Directory.Exists(dir)) continue;
                foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
                {
                    var name = Path.GetFileName(entry);
                    if (name.StartsWith('.') && !part.StartsWith('.')) continue;
                    if (Matches(name, part)) next.Add(entry);
                }
            }
            current = next;
        }
        return current.Where(File.Exists).Order(StringComparer.Ordinal).ToList();
    }

    private static bool HasWildcard(string part) => part.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>fnmatch: the whole name must match the pattern.</summary>
    internal static bool Matches(string name, string pattern) => Match(name, 0, pattern, 0);

    private static bool Match(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                for (var k = si; k <= s.Length; k++)
                    if (Match(s, k, p, pi + 1)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?') { si++; pi++; continue; }
            if (c == '[' && TryClass(p, pi, out var set, out var negate, out var end))
            {
                if (!InRanges(set.ToString(), s[si], negate)) return false;
                si++; pi = end + 1; continue;
            }
            if (s[si] != c) return false;
            si++; pi++;
        }
        return si == s.Length;
    }

    /// <summary>Reads "[abc]", "[!abc]" or "[a-z]" at <paramref name="start"/>; a '[' without ']' is literal.</summary>
    private static bool TryClass(string p, int start, out StringBuilder set, out bool negate, out int end)
    {
        set = new StringBuilder();
        var i = start + 1;
        negate = i < p.Length && p[i] == '!';
        if (negate) i++;
        if (i < p.Length && p[i] == ']') { set.Append(']'); i++; } // "[]]" matches ']'
        while (i < p.Length && p[i] != ']') set.Append(p[i++]);
        end = i;
        return i < p.Length;
    }

    /// <summary>Whether <paramref name="c"/> passes the class, ranges like "a-z" included.</summary>
    private static bool InRanges(string set, char c, bool negate)
    {
        var inSet = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-') { inSet |= c >= set[i] && c <= set[i + 2]; i += 2; }
            else inSet |= set[i] == c;
        }
        return inSet != negate;
    }
}
