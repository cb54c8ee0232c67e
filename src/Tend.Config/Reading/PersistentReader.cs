namespace Tend.Config;

/// <summary>
/// A program's <c>persistent:</c> list: absolute directories whose contents must outlive the
/// container. References are kept for another machine, as in commands: the export writes
/// <c>${LEMP_DATA:-/var/lib/db}</c> for compose to resolve where it runs.
/// </summary>
internal static class PersistentReader
{
    private const string Expected = "expected a list of absolute directories, e.g. [/var/lib/mysql]";

    public static Located<IReadOnlyList<string>>? Read(ReadContext ctx, ConfigNode node)
    {
        var items = ScalarReaders.List(ctx, ConfigKeys.Persistent, node, Directory);
        if (items is null) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var item in items.Value)
        {
            if (seen.Add(item.Value)) list.Add(item.Value);
            else ctx.Error(item.Location, $"'{ConfigKeys.Persistent}' names {item.Value} twice", "list each directory once");
        }
        return new(list, items.Location);
    }

    private static Located<string>? Directory(ReadContext ctx, string key, ConfigNode node)
    {
        if (node is not ScalarNode scalar) { ctx.Invalid(key, node, Expected); return null; }
        var text = ctx.ExpandKeepingReferences(scalar);
        if (text is null) return null;
        var path = text.TrimEnd('/');
        // A reference kept for another machine ("${DATA:-/var/lib/x}", read by export) is checked where it is resolved.
        if (text.StartsWith(VariableReferences.Open)) return new(text.TrimEnd('/'), node.Location);
        if (!text.StartsWith('/') || path.Length == 0 || text.Contains('\0'))
        {
            ctx.Invalid(key, node, Expected + (path.Length == 0 && text.StartsWith('/') ? " (not / itself)" : ""));
            return null;
        }
        return new(path, node.Location);
    }
}
