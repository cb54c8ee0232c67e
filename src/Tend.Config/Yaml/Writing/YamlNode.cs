namespace Tend.Config.Writing;

/// <summary>
/// The small YAML document model the exporters build and <see cref="YamlWriter"/> prints: block
/// mappings and sequences with comments kept where they were added, so nothing an exporter could
/// not map is lost between building and printing.
/// </summary>
public abstract class YamlNode;

/// <summary>
/// A string, number or boolean. Strings are quoted by the writer whenever YAML could read them as
/// anything else; <see cref="Quoted"/> always, <see cref="AsIs"/> never.
/// </summary>
public sealed class YamlScalar : YamlNode
{
    /// <summary>How the writer prints the text.</summary>
    public enum Style
    {
        /// <summary>Plain when every reader reads it back as this string, else double-quoted.</summary>
        String,

        /// <summary>Always double-quoted (`tend check` quotes every value the user wrote).</summary>
        Quoted,

        /// <summary>Written as is: a number, a boolean, or text the caller made YAML itself (~, a duration, a flow mapping).</summary>
        AsIs,
    }

    private YamlScalar(string text, Style style) => (Text, How) = (text, style);

    public string Text { get; }

    public Style How { get; }

    /// <summary>True for a string; false for a number, boolean or text written as is.</summary>
    public bool IsString => How != Style.AsIs;

    public static YamlScalar String(string text) => new(text, Style.String);

    public static YamlScalar Quoted(string text) => new(text, Style.Quoted);

    /// <summary>Text printed unchanged: the caller vouches that it reads back as meant.</summary>
    public static YamlScalar AsIs(string text) => new(text, Style.AsIs);

    public static YamlScalar Number(long n) => new(n.ToString(System.Globalization.CultureInfo.InvariantCulture), Style.AsIs);

    public static YamlScalar Bool(bool b) => new(b ? "true" : "false", Style.AsIs);
}

/// <summary>A block sequence; <see cref="Flow"/> prints a list of scalars on one line (<c>[a, "b c"]</c>).</summary>
public sealed class YamlSeq : YamlNode
{
    public List<YamlNode> Items { get; } = [];

    public bool Flow { get; init; }

    public YamlSeq Add(YamlNode item)
    {
        Items.Add(item);
        return this;
    }

    public static YamlSeq Strings(IEnumerable<string> items, bool flow = true)
    {
        var seq = new YamlSeq { Flow = flow };
        foreach (var item in items) seq.Add(YamlScalar.String(item));
        return seq;
    }
}

/// <summary>A block mapping: keys in insertion order, with comment lines between entries.</summary>
public sealed class YamlMap : YamlNode
{
    /// <summary>
    /// An entry: a key with its value, or (Key null) a comment line. <see cref="Trailing"/>: a
    /// comment after the value on the key's line; <see cref="KeyAsIs"/>: the key is already YAML
    /// (quoted by the caller's own rule) and is printed unchanged.
    /// </summary>
    public sealed record Entry(string? Key, YamlNode? Value, string? Comment)
    {
        public string? Trailing { get; init; }

        public bool KeyAsIs { get; init; }
    }

    public List<Entry> Entries { get; } = [];

    public YamlMap Add(string key, YamlNode value)
    {
        Entries.Add(new Entry(key, value, null));
        return this;
    }

    public YamlMap Add(Entry entry)
    {
        Entries.Add(entry);
        return this;
    }

    public YamlMap Add(string key, string value) => Add(key, YamlScalar.String(value));

    public YamlMap Add(string key, long value) => Add(key, YamlScalar.Number(value));

    public YamlMap Add(string key, bool value) => Add(key, YamlScalar.Bool(value));

    /// <summary>A `# text` line at this point of the mapping; the writer escapes any line break in the text, so it stays one line.</summary>
    public YamlMap Comment(string text)
    {
        Entries.Add(new Entry(null, null, text));
        return this;
    }

    /// <summary>The mapping under <paramref name="key"/>, added empty when missing.</summary>
    public YamlMap Map(string key)
    {
        foreach (var e in Entries)
            if (e.Key == key && e.Value is YamlMap existing) return existing;
        var map = new YamlMap();
        Add(key, map);
        return map;
    }

    public bool Has(string key) => Entries.Any(e => e.Key == key);

    public bool IsEmpty => Entries.Count == 0;
}

public static class YamlSeqExtensions
{
    public static YamlSeq AddAll(this YamlSeq seq, IEnumerable<YamlNode> items)
    {
        foreach (var item in items) seq.Add(item);
        return seq;
    }
}
