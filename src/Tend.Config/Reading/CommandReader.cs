namespace Tend.Config;

/// <summary>
/// Reads <c>command</c>: a list is the argv as written (no splitting, so arguments may contain
/// spaces); a string is split like a shell would, for the familiar one-line form.
/// </summary>
internal static class CommandReader
{
    public const string Expected = "expected a list of strings or a string, e.g. [\"nginx\", \"-g\", \"daemon off;\"]";

    /// <summary>
    /// The argv (empty for a null value, left to validation); null when invalid (reported).
    /// <paramref name="key"/> names the setting in messages ("readiness.exec" for a probe).
    /// </summary>
    public static Located<IReadOnlyList<string>>? Read(ReadContext ctx, ConfigNode node, string key = ConfigKeys.Command) => node switch
    {
        ScalarNode { IsNull: true } => new([], node.Location),
        ScalarNode scalar => Split(ctx, scalar, key),
        SequenceNode list => ReadList(ctx, list, key),
        _ => Invalid(ctx, node, key),
    };

    private static Located<IReadOnlyList<string>>? Split(ReadContext ctx, ScalarNode scalar, string key)
    {
        var text = ctx.ExpandKeepingReferences(scalar);
        if (text is null) return null;
        if (ShellWords.TrySplit(text, out var words, out var error)) return new(words, scalar.Location);
        ctx.Error(scalar.Location, $"invalid value for '{key}': {error.Message}", error.Hint);
        return null;
    }

    private static Located<IReadOnlyList<string>>? ReadList(ReadContext ctx, SequenceNode list, string key)
    {
        var argv = new List<string>();
        var ok = true;
        foreach (var item in list.Items)
        {
            if (item is not ScalarNode { IsNull: false } scalar)
            {
                ctx.Invalid(key, item, "each argument must be a string; quote empty ones as \"\"");
                ok = false;
                continue;
            }
            if (ctx.ExpandKeepingReferences(scalar) is { } arg) argv.Add(arg); else ok = false;
        }
        return ok ? new(argv, list.Location) : null;
    }

    private static Located<IReadOnlyList<string>>? Invalid(ReadContext ctx, ConfigNode node, string key)
    {
        ctx.Invalid(key, node, Expected);
        return null;
    }
}
