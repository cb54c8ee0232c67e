using Tend.Model;

namespace Tend.Config;

/// <summary>
/// A program's <c>sockets:</c> list: <c>[NAME=]tcp://IP:PORT</c> or <c>[NAME=]unix:/PATH</c>,
/// each a listening socket Tend holds across the program's restarts (<see cref="ListenSocketSpec"/>).
/// An address written twice in one program is an error; across programs, <see cref="ConfigValidator"/>
/// says so.
/// </summary>
internal static class SocketsReader
{
    public static Located<IReadOnlyList<ListenSocketSpec>>? Read(ReadContext ctx, string programName, ConfigNode node)
    {
        var items = ScalarReaders.List(ctx, ConfigKeys.Sockets, node, (c, key, n) => Socket(c, key, n, programName));
        if (items is null) return null;
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var list = new List<ListenSocketSpec>();
        foreach (var item in items.Value)
        {
            if (seen.TryAdd(item.Value.Address, item.Location)) list.Add(item.Value);
            else ctx.Error(item.Location, $"'{ConfigKeys.Sockets}' names {item.Value.Address} twice (first at {seen[item.Value.Address]})", "list each address once");
        }
        return new(list, items.Location);
    }

    private static Located<ListenSocketSpec>? Socket(ReadContext ctx, string key, ConfigNode node, string programName)
    {
        if (node is not ScalarNode scalar) { ctx.Invalid(key, node, ListenSocketSpec.Expected); return null; }
        var text = ctx.Expand(scalar);
        if (text is null) return null;
        var spec = ListenSocketSpec.TryParse(text, programName, out var error);
        if (spec is null) { ctx.Invalid(key, node, error!, text); return null; }
        if (!ListenSocketSpec.IsValidName(spec.Name))
        {
            ctx.Invalid(key, node, $"the program's name '{programName}' cannot name a descriptor in LISTEN_FDNAMES: write NAME={spec.Address}", text);
            return null;
        }
        return new(spec with { DefinedAt = node.Location }, node.Location);
    }
}
