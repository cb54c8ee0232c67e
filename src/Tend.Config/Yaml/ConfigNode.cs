using Tend.Model;

namespace Tend.Config;

/// <summary>
/// A YAML node reduced to what the reader needs, each with its position. Tend builds this small tree
/// itself (instead of using YamlDotNet's RepresentationModel) so that a duplicate key is one more
/// diagnostic rather than an exception that hides every other problem, and so that the tree needs
/// no reflection.
/// </summary>
internal abstract class ConfigNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>"a string", "a list", "a mapping": for "expected X, got Y" messages.</summary>
    public abstract string KindDescription { get; }
}

/// <summary>
/// A scalar keeps its raw text: Tend decides the type per key (so <c>user: 1000</c> is a name and
/// <c>umask: 022</c> is octal) instead of trusting YAML's guess.
/// </summary>
internal sealed class ScalarNode(SourceLocation location, string value, bool isNull) : ConfigNode(location)
{
    public string Value { get; } = value;

    /// <summary>An unquoted empty value, <c>~</c> or <c>null</c>: the key is treated as not set.</summary>
    public bool IsNull { get; } = isNull;

    public override string KindDescription => IsNull ? "an empty value" : "a string";
}

/// <summary>
/// Stands in for a node that could not be built (unknown alias, excessive nesting) and was already
/// reported, so that readers skip it instead of adding a second, misleading error.
/// </summary>
internal sealed class InvalidNode(SourceLocation location) : ConfigNode(location)
{
    public override string KindDescription => "an invalid value";
}

internal sealed class SequenceNode(SourceLocation location, IReadOnlyList<ConfigNode> items) : ConfigNode(location)
{
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    public override string KindDescription => "a list";
}

internal sealed class MappingNode(SourceLocation location, IReadOnlyList<MappingEntry> entries) : ConfigNode(location)
{
    /// <summary>In document order, duplicates already removed (and reported).</summary>
    public IReadOnlyList<MappingEntry> Entries { get; } = entries;

    public override string KindDescription => "a mapping";
}

/// <summary>One <c>key: value</c> pair; the key keeps its own location for "unknown key" errors.</summary>
internal sealed record MappingEntry(ScalarNode Key, ConfigNode Value);
