namespace Tend.Config;

/// <summary>Reads <c>backoff: {initial, max, reset}</c>; every key is optional.</summary>
internal static class BackoffReader
{
    public static BackoffDraft? Read(ReadContext ctx, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map)
        {
            ctx.Invalid(ConfigKeys.Backoff, node, "expected a mapping like {initial: 1s, max: 30s, reset: 60s}");
            return null;
        }

        var draft = new BackoffDraft();
        foreach (var (key, value) in map.Entries)
        {
            var name = $"{ConfigKeys.Backoff}.{key.Value}";
            switch (key.Value)
            {
                case ConfigKeys.BackoffInitial: draft.Initial = ScalarReaders.Duration(ctx, name, value); break;
                case ConfigKeys.BackoffMax: draft.Max = ScalarReaders.Duration(ctx, name, value); break;
                case ConfigKeys.BackoffReset: draft.Reset = ScalarReaders.Duration(ctx, name, value); break;
                default:
                    ctx.Error(key.Location, $"unknown key '{key.Value}' in '{ConfigKeys.Backoff}'",
                        KeySuggester.Hint(key.Value, ConfigKeys.BackoffKeys));
                    break;
            }
        }
        return draft;
    }
}
