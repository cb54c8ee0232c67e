namespace Tend.Export.Yaml;

/// <summary>
/// The small YAML document model the exporters build and <see cref="YamlWriter"/> prints: block
/// mappings and sequences with comments kept where they were added, so nothing an exporter could
/// not map is lost between building and printing.
/// </summary>
public abstract class YamlNode;

/// <summary>A string, number or boolean. Strings are quoted by the writer whenever YAML could read them as anything else.</summary>
public sealed class YamlScalar : YamlNode
{
    private YamlScalar(string text, bool isString) => (Text, IsString) = (text, isString);

    public string Text { get; }

    /// <summary>True for a string; false for a number or boolean written as is.</summary>
    public bool IsString { get; }

    public static YamlScalar String(string text) => new(text, isString: true);

    public static YamlScalar Number(long n) => new(n.ToString(System.Globalization.CultureInfo.InvariantCulture), isString: false);

    public static YamlScalar Bool(bool b) => new(b ? "true" : "false", isString: false);
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
    /// <summary>An entry: a key with its value, or (Key null) a comment line.</summary>
    public sealed record Entry(string? Key, YamlNode? Value, string? Comment);

    public List<Entry> Entries { get; } = [];

    public YamlMap Add(string key, YamlNode value)
    {
        Entries.Add(new Entry(key, value, null));
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

internal static class YamlSeqExtensions
{
    public static YamlSeq AddAll(this YamlSeq seq, IEnumerable<YamlNode> items)
    {
        foreach (var item in items) seq.Add(item);
        return seq;
    }
}
