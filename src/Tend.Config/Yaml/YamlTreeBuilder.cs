using Tend.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tend.Config;

/// <summary>
/// Turns YamlDotNet parser events into <see cref="ConfigNode"/>s. Handles what the event stream
/// leaves to its consumer: anchors and aliases, merge keys (<c>&lt;&lt;: *defaults</c>), duplicate
/// keys and non-string keys, each reported as a located diagnostic so loading can go on.
/// </summary>
internal sealed class YamlTreeBuilder(IParser parser, string fileName, DiagnosticBag diagnostics)
{
    /// <summary>Deep enough for any real config; stops a hostile file from overflowing the stack.</summary>
    private const int MaxDepth = 64;

    private const string MergeKey = "<<";

    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);

    /// <summary>The single document's root; null for a file with no document at all.</summary>
    public ConfigNode? ReadStream()
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _)) return null;

        parser.Consume<DocumentStart>();
        var root = ReadNode(0);
        parser.Consume<DocumentEnd>();

        if (parser.Accept<DocumentStart>(out var extra))
        {
            diagnostics.Error(At(extra.Start), "the file contains more than one YAML document",
                "remove the '---' separator: Tend reads a single document");
        }
        return root;
    }

    private ConfigNode ReadNode(int depth)
    {
        var current = parser.Current ?? throw new InvalidOperationException("unexpected end of the YAML event stream");
        if (depth > MaxDepth)
        {
            diagnostics.Error(At(current.Start), $"the document is nested more than {MaxDepth} levels deep",
                "flatten the structure; a Tend config needs only a few levels");
            parser.SkipThisAndNestedEvents();
            return new InvalidNode(At(current.Start));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias)) return ResolveAlias(alias);
        if (parser.TryConsume<Scalar>(out var scalar)) return Remember(scalar.Anchor, ToScalar(scalar));
        if (parser.TryConsume<SequenceStart>(out var sequence)) return Remember(sequence.Anchor, ReadSequence(sequence, depth));
        var mapping = parser.Consume<MappingStart>();
        return Remember(mapping.Anchor, ReadMapping(mapping, depth));
    }

    private ScalarNode ToScalar(Scalar scalar)
    {
        var isNull = scalar.Style == ScalarStyle.Plain
            && (scalar.Tag.IsEmpty ? scalar.Value is "" or "~" or "null" or "Null" or "NULL" : scalar.Tag.Value == "tag:yaml.org,2002:null");
        return new ScalarNode(At(scalar.Start), scalar.Value, isNull);
    }

    private ConfigNode ResolveAlias(AnchorAlias alias)
    {
        if (_anchors.TryGetValue(alias.Value.Value, out var target)) return target;
        diagnostics.Error(At(alias.Start), $"unknown anchor '*{alias.Value.Value}'",
            $"define it before use with '&{alias.Value.Value}'");
        return new InvalidNode(At(alias.Start));
    }

    private SequenceNode ReadSequence(SequenceStart start, int depth)
    {
        var items = new List<ConfigNode>();
        while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(depth + 1));
        return new SequenceNode(At(start.Start), items);
    }

    private MappingNode ReadMapping(MappingStart start, int depth)
    {
        // Slots keep document order: either an explicit entry or the sources of a merge key.
        var slots = new List<(MappingEntry? Entry, IReadOnlyList<MappingNode>? Merged)>();
        var explicitKeys = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);

        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(depth + 1);
            var value = ReadNode(depth + 1);

            if (key is InvalidNode) continue;
            if (key is not ScalarNode scalarKey || scalarKey.IsNull)
            {
                diagnostics.Error(key.Location, $"a key must be a plain name, not {key.KindDescription}",
                    "write keys as simple strings, e.g. 'command:'");
                continue;
            }
            if (scalarKey.Value == MergeKey)
            {
                slots.Add((null, MergeSources(value)));
                continue;
            }
            if (explicitKeys.TryGetValue(scalarKey.Value, out var first))
            {
                diagnostics.Error(scalarKey.Location, $"duplicate key '{scalarKey.Value}'",
                    $"it is already defined at line {first.Location.Line}, column {first.Location.Column}; keep only one");
                continue;
            }
            explicitKeys.Add(scalarKey.Value, scalarKey);
            slots.Add((new MappingEntry(scalarKey, value), null));
        }

        var present = new HashSet<string>(explicitKeys.Keys, StringComparer.Ordinal);
        var entries = new List<MappingEntry>();
        foreach (var (entry, merged) in slots)
        {
            if (entry is not null) { entries.Add(entry); continue; }
            foreach (var source in merged!)
                entries.AddRange(source.Entries.Where(e => present.Add(e.Key.Value)));
        }
        return new MappingNode(At(start.Start), entries);
    }

    /// <summary>YAML merge keys: explicit keys win, then earlier sources win over later ones.</summary>
    private IReadOnlyList<MappingNode> MergeSources(ConfigNode value)
    {
        switch (value)
        {
            case MappingNode single:
                return [single];
            case SequenceNode list when list.Items.All(i => i is MappingNode or InvalidNode):
                return list.Items.OfType<MappingNode>().ToList();
            case InvalidNode:
                return [];
            default:
                diagnostics.Error(value.Location, $"the merge key '<<' needs a mapping, not {value.KindDescription}",
                    "write '<<: *name' or '<<: [*a, *b]' where the anchors name mappings");
                return [];
        }
    }

    private T Remember<T>(AnchorName anchor, T node) where T : ConfigNode
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        return node;
    }

    private SourceLocation At(Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);
}
