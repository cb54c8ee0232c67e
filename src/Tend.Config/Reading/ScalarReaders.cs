using System.Globalization;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Typed readers for single values. Each returns null both for an absent value (<c>key:</c> or
/// <c>~</c>, meaning "use the default") and for an invalid one, which it has already reported; so
/// a reader never throws and the caller never reports twice.
/// </summary>
internal static partial class ScalarReaders
{
    public const string ExpectedBool = "expected a boolean (true/false)";
    public const string ExpectedInt = "expected a whole number";
    public const string ExpectedString = "expected a string";
    public const string ExpectedUmask = "expected an octal mode like \"022\" or 0027";

    public static string ExpectedSignal => $"expected a signal name or number: {string.Join(", ", Signals.AllNames)}";

    /// <summary>The expanded text of a scalar; null for null, a collection, or failed expansion.</summary>
    public static string? Text(ReadContext ctx, string key, ConfigNode node, string expected)
    {
        if (node is not ScalarNode scalar) { ctx.Invalid(key, node, expected); return null; }
        return scalar.IsNull ? null : ctx.Expand(scalar);
    }

    /// <summary>A string setting; an empty result (e.g. an unset variable) counts as not set.</summary>
    public static Located<string>? String(ReadContext ctx, string key, ConfigNode node)
    {
        var text = Text(ctx, key, node, ExpectedString);
        if (text is not null && text.Contains('\0'))
        {
            // Paths and user names end at a NUL in every system call: "root\0x" would silently be "root".
            ctx.Error(node.Location, $"'{key}' contains a NUL character", "remove the \\0: paths and names cannot contain it");
            return null;
        }
        return string.IsNullOrEmpty(text) ? null : new(text, node.Location);
    }

    public static Located<bool>? Bool(ReadContext ctx, string key, ConfigNode node) =>
        Parse(ctx, key, node, ExpectedBool, static s => bool.TryParse(s, out var b) ? b : (bool?)null);

    public static Located<int>? Int(ReadContext ctx, string key, ConfigNode node) =>
        Parse(ctx, key, node, ExpectedInt, ParseInt);

    public static Located<int>? Signal(ReadContext ctx, string key, ConfigNode node) =>
        Parse(ctx, key, node, ExpectedSignal, static s => Signals.TryParse(s, out var n) ? n : (int?)null);

    /// <summary>Octal, whether written "022", 022, 22 or 0o22: umasks are always thought of in octal.</summary>
    public static Located<int>? Umask(ReadContext ctx, string key, ConfigNode node) =>
        Parse<int>(ctx, key, node, ExpectedUmask, static s =>
        {
            var digits = s.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
            if (digits.Length is 0 or > 6 || !digits.All(c => c is >= '0' and <= '7')) return null;
            return digits.Aggregate(0, (n, c) => n * 8 + (c - '0'));
        });

    /// <summary>
    /// One of a fixed set of words, without regard to case. A wrong word is reported with the valid
    /// ones and, when it is a known synonym or a likely typo, the one that was probably meant.
    /// </summary>
    public static Located<T>? Choice<T>(ReadContext ctx, string key, ConfigNode node,
        IReadOnlyList<(string Name, T Value)> options, IReadOnlyDictionary<string, string> synonyms)
        where T : struct
    {
        var expected = Expected(options);
        var text = Text(ctx, key, node, expected);
        if (text is null) return null;
        var written = text.Trim().ToLowerInvariant();
        foreach (var (name, value) in options)
            if (name == written) return new(value, node.Location);

        var suggestion = synonyms.TryGetValue(written, out var synonym)
            ? synonym
            : KeySuggester.Suggest(written, options.Select(o => o.Name).ToList());
        ctx.Invalid(key, node, suggestion is null ? expected : $"{expected}; did you mean '{suggestion}'?", text);
        return null;
    }

    private static string Expected<T>(IReadOnlyList<(string Name, T Value)> options) =>
        $"expected one of: {string.Join(", ", options.Select(o => o.Name))}";

    /// <summary>"host:port" with a port between 1 and 65535 (see <see cref="HostPortRules.Address"/>), kept as written.</summary>
    public static Located<string>? Address(ReadContext ctx, string key, ConfigNode node, string example)
    {
        var text = Text(ctx, key, node, $"expected host:port, e.g. {example}");
        if (text is null) return null;
        if (HostPortMessages.TryCheck(text, example, out var error)) return new(text.Trim(), node.Location);
        ctx.Error(node.Location, $"invalid value for '{key}': {error.Message}", error.Hint);
        return null;
    }

    public static Located<TimeSpan>? Duration(ReadContext ctx, string key, ConfigNode node)
    {
        var text = Text(ctx, key, node, Durations.Hint);
        if (text is null) return null;
        if (Durations.TryParse(text, out var value, out var error)) return new(value, node.Location);
        ctx.Error(node.Location, $"invalid value for '{key}': {error}", Durations.Hint);
        return null;
    }

    /// <summary>A list of values read by <paramref name="item"/>; a single value is accepted as a list of one.</summary>
    public static Located<IReadOnlyList<Located<T>>>? List<T>(
        ReadContext ctx, string key, ConfigNode node, Func<ReadContext, string, ConfigNode, Located<T>?> item)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        var nodes = node switch
        {
            SequenceNode list => list.Items,
            ScalarNode single => [single],
            _ => null,
        };
        if (nodes is null) { ctx.Invalid(key, node, "expected a list"); return null; }

        var items = new List<Located<T>>();
        var ok = true;
        foreach (var n in nodes)
        {
            if (n is ScalarNode { IsNull: true }) { ctx.Invalid(key, n, "expected a value, not an empty list item"); ok = false; continue; }
            if (item(ctx, key, n) is { } value) items.Add(value); else ok = false;
        }
        return ok ? new(items, node.Location) : null;
    }

    private static Located<T>? Parse<T>(ReadContext ctx, string key, ConfigNode node, string expected, Func<string, T?> parse)
        where T : struct
    {
        var text = Text(ctx, key, node, expected);
        if (text is null) return null;
        if (parse(text.Trim()) is { } value) return new(value, node.Location);
        ctx.Invalid(key, node, expected, text);
        return null;
    }

    private static int? ParseInt(string s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
