using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads <c>environment</c> in either docker compose form: a mapping <c>{KEY: value}</c> or a list
/// of <c>"KEY=value"</c>. As in compose, a name without a value (<c>KEY:</c> or <c>- KEY</c>) takes
/// its value from the environment Tend was given, and is left out when that has none.
/// </summary>
internal static class EnvironmentReader
{
    public const string Expected = "expected a mapping of NAME: value, or a list of \"NAME=value\" strings";

    public static Located<IReadOnlyDictionary<string, string>>? Read(ReadContext ctx, ConfigNode node)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = node switch
        {
            ScalarNode { IsNull: true } => true,
            MappingNode map => ReadMapping(ctx, map, variables),
            SequenceNode list => ReadList(ctx, list, variables),
            _ => Invalid(ctx, node),
        };
        return ok ? new(variables, node.Location) : null;
    }

    private static bool ReadMapping(ReadContext ctx, MappingNode map, Dictionary<string, string> variables)
    {
        var ok = true;
        foreach (var (key, value) in map.Entries)
        {
            if (!ValidName(ctx, key.Value, key.Location)) { ok = false; continue; }
            if (value is not ScalarNode scalar)
            {
                ctx.Invalid($"{ConfigKeys.Environment}.{key.Value}", value, "expected a string value; quote it if it looks like YAML");
                ok = false;
                continue;
            }
            if (scalar.IsNull) { PassThrough(ctx, key.Value, variables); continue; }
            if (ctx.ExpandKeepingReferences(scalar) is { } text && ValidValue(ctx, key.Value, text, scalar.Location)) variables[key.Value] = text;
            else ok = false;
        }
        return ok;
    }

    private static bool ReadList(ReadContext ctx, SequenceNode list, Dictionary<string, string> variables)
    {
        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not ScalarNode { IsNull: false } scalar)
            {
                ctx.Invalid(ConfigKeys.Environment, item, "expected a \"NAME=value\" string");
                ok = false;
                continue;
            }
            if (ctx.ExpandKeepingReferences(scalar) is not { } text) { ok = false; continue; }

            var eq = text.IndexOf('=');
            var name = eq < 0 ? text : text[..eq];
            if (!ValidName(ctx, name, scalar.Location)) { ok = false; continue; }
            if (variables.ContainsKey(name))
            {
                ctx.Error(scalar.Location, $"environment variable '{name}' is set twice", "keep one entry per variable");
                ok = false;
                continue;
            }
            if (eq < 0) { PassThrough(ctx, name, variables); continue; }
            var value = text[(eq + 1)..];
            if (ValidValue(ctx, name, value, scalar.Location)) variables[name] = value; else ok = false;
        }
        return ok;
    }

    private static void PassThrough(ReadContext ctx, string name, Dictionary<string, string> variables)
    {
        if (VariableReferences.AreKept(ctx.Environment)) variables[name] = VariableReferences.Mark($"${{{name}}}");
        else if (ctx.Environment.TryGetValue(name, out var value)) variables[name] = value;
    }

    private static bool ValidName(ReadContext ctx, string name, SourceLocation at)
    {
        if (name.Length > 0 && !name.Contains('=') && !name.Contains('\0')) return true;
        ctx.Error(at, $"invalid environment variable name '{name}'", "a name must be non-empty and contain no '=' (write NAME=value)");
        return false;
    }

    private static bool ValidValue(ReadContext ctx, string name, string value, SourceLocation at)
    {
        if (!value.Contains('\0')) return true;
        ctx.Error(at, $"the value of environment variable '{name}' contains a NUL character", "environment values cannot contain \\0");
        return false;
    }

    private static bool Invalid(ReadContext ctx, ConfigNode node)
    {
        ctx.Invalid(ConfigKeys.Environment, node, Expected);
        return false;
    }
}
