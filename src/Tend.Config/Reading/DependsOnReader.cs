using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads <c>depends_on</c> in docker compose's forms: a list of names (condition started), a mapping
/// of names to <c>{condition: ...}</c>, or the short mapping <c>{db: ready}</c>. Also reads
/// <c>restart_with</c>, a list of names. Names are program keys, so like keys they are not expanded.
/// Whether the names exist, and cycles, are left to validation.
/// </summary>
internal static class DependsOnReader
{
    public const string Expected =
        "expected a list of program names, e.g. [db, cache], or a mapping of names to conditions, e.g. {db: {condition: ready}} or {db: ready}";

    private const string ExpectedName = "expected a program name";

    /// <summary>The valid entries, located at the value; null for a null value or a value of the wrong shape (reported).</summary>
    public static Located<IReadOnlyList<DependencyDraft>>? Read(ReadContext ctx, ConfigNode node)
    {
        var entries = new List<DependencyDraft>();
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode single:
                entries.Add(Started(single));
                break;
            case SequenceNode list:
                foreach (var item in list.Items)
                {
                    if (item is ScalarNode { IsNull: false } name) entries.Add(Started(name));
                    else ctx.Invalid(ConfigKeys.DependsOn, item, ExpectedName);
                }
                break;
            case MappingNode map:
                foreach (var (name, value) in map.Entries)
                    if (ReadEntry(ctx, name, value) is { } entry) entries.Add(entry);
                break;
            default:
                ctx.Invalid(ConfigKeys.DependsOn, node, Expected);
                return null;
        }
        return new(entries, node.Location);
    }

    /// <summary>The names listed in restart_with; a single name is a list of one.</summary>
    public static Located<IReadOnlyList<Located<string>>>? ReadNames(ReadContext ctx, string key, ConfigNode node) =>
        ScalarReaders.List(ctx, key, node, static (c, k, n) =>
        {
            if (n is ScalarNode { IsNull: false } scalar) return new Located<string>(scalar.Value, scalar.Location);
            c.Invalid(k, n, ExpectedName);
            return null;
        });

    private static DependencyDraft Started(ScalarNode name) =>
        new(new(name.Value, name.Location), new(DependencyCondition.Started, name.Location));

    /// <summary><c>db:</c>, <c>db: ready</c> or <c>db: {condition: ready}</c>; null when invalid (reported).</summary>
    private static DependencyDraft? ReadEntry(ReadContext ctx, ScalarNode name, ConfigNode value)
    {
        var key = $"{ConfigKeys.DependsOn}.{name.Value}";
        switch (value)
        {
            case ScalarNode { IsNull: true }:
                return Started(name);
            case ScalarNode:
                return ScalarReaders.Condition(ctx, key, value) is { } condition ? new(new(name.Value, name.Location), condition) : null;
            case MappingNode settings:
                return ReadSettings(ctx, name, key, settings);
            default:
                ctx.Invalid(key, value, $"{ScalarReaders.ExpectedCondition}, or {{condition: ...}}");
                return null;
        }
    }

    private static DependencyDraft? ReadSettings(ReadContext ctx, ScalarNode name, string key, MappingNode settings)
    {
        Located<DependencyCondition>? condition = new(DependencyCondition.Started, name.Location);
        var ok = true;
        foreach (var (setting, value) in settings.Entries)
        {
            if (setting.Value == ConfigKeys.Condition)
            {
                if (value is ScalarNode { IsNull: true }) continue;
                condition = ScalarReaders.Condition(ctx, $"{key}.{ConfigKeys.Condition}", value);
                ok &= condition is not null;
                continue;
            }

            // compose's long form has 'restart: true'; Tend says it on the dependent, with restart_with.
            var hint = setting.Value == ConfigKeys.Restart
                ? $"to restart this program when '{name.Value}' restarts, list '{name.Value}' in '{ConfigKeys.RestartWith}'"
                : KeySuggester.Hint(setting.Value, ConfigKeys.DependencyKeys);
            ctx.Error(setting.Location, $"unknown key '{setting.Value}' in '{key}'", hint);
            ok = false;
        }
        return ok && condition is not null ? new(new(name.Value, name.Location), condition) : null;
    }
}
