using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Resolves <c>include:</c> before the tree is read: each pattern (relative to the file it is
/// written in, a glob's matches sorted) is parsed and its top-level keys merged where the include
/// stands, so 'programs' and 'jobs' gather every file's entries in order. Nodes keep their own file
/// in their locations, so every later error points into the included file. A program or job
/// defined twice, or a top-level setting set twice, is an error naming both places; an include
/// cycle is refused. `tend run` reloads through the same loader, so a reload re-reads every file.
/// </summary>
internal sealed class IncludeResolver
{
    private const string Expected = "expected a file name or glob, or a list of them, e.g. 'include: [\"conf.d/*.yaml\"]'";

    /// <summary>The keys whose mappings are merged across files, entry by entry.</summary>
    private static readonly IReadOnlyList<string> MergedSections = [ConfigKeys.Programs, ConfigKeys.Jobs, ConfigKeys.Groups];

    private readonly DiagnosticBag _diagnostics;
    private readonly List<ScalarNode> _order = [];
    private readonly Dictionary<string, ConfigNode> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ScalarNode Key, SourceLocation At, List<MappingEntry> Entries)> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _names = new(StringComparer.Ordinal);

    private IncludeResolver(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    /// <summary>The tree with every include merged in; the tree itself when it has none.</summary>
    public static ConfigNode? Resolve(ConfigNode? root, string fileName, DiagnosticBag diagnostics)
    {
        if (root is not MappingNode top || top.Entries.All(e => e.Key.Value != ConfigKeys.Include)) return root;
        var resolver = new IncludeResolver(diagnostics);
        resolver.AddFile(top, [Path.GetFullPath(fileName)]);
        return resolver.Merged(top.Location);
    }

    private MappingNode Merged(SourceLocation at)
    {
        var entries = _order.Select(key => _sections.TryGetValue(key.Value, out var section)
            ? new MappingEntry(section.Key, new MappingNode(section.At, section.Entries))
            : new MappingEntry(key, _settings[key.Value]));
        return new MappingNode(at, entries.ToList());
    }

    /// <summary>Merges one file's top-level keys, its includes where they stand.</summary>
    /// <param name="top">The file's top-level mapping.</param>
    /// <param name="chain">The full paths of the files being read, outermost first, for cycles.</param>
    private void AddFile(MappingNode top, List<string> chain)
    {
        foreach (var entry in top.Entries)
        {
            if (entry.Key.Value == ConfigKeys.Include) Include(entry.Value, chain);
            else if (MergedSections.Contains(entry.Key.Value) && entry.Value is MappingNode section) AddSection(entry.Key, section);
            else if (!(MergedSections.Contains(entry.Key.Value) && entry.Value is ScalarNode { IsNull: true })) AddSetting(entry);
        }
    }

    private void AddSection(ScalarNode key, MappingNode section)
    {
        if (!_sections.TryGetValue(key.Value, out var gathered))
        {
            if (_settings.ContainsKey(key.Value)) { AddSetting(new MappingEntry(key, section)); return; } // a bad value already there
            gathered = (key, section.Location, []);
            _sections.Add(key.Value, gathered);
            _order.Add(key);
        }
        var kind = key.Value switch { ConfigKeys.Programs => "program", ConfigKeys.Groups => "group", _ => "job" };
        foreach (var entry in section.Entries)
        {
            if (_names.TryGetValue($"{kind}:{entry.Key.Value}", out var first))
            {
                _diagnostics.Error(entry.Key.Location, $"{kind} '{entry.Key.Value}' is defined twice: at {first} and here",
                    "each name must be defined in one file only; rename or remove one of them");
                continue;
            }
            _names.Add($"{kind}:{entry.Key.Value}", entry.Key.Location);
            gathered.Entries.Add(entry);
        }
    }

    private void AddSetting(MappingEntry entry)
    {
        var name = entry.Key.Value;
        // 'x-' keys are ignored, a home for each file's own YAML anchors: two files may both have one.
        if (name.StartsWith(ConfigKeys.ExtensionPrefix, StringComparison.Ordinal)) return;
        if (_settings.ContainsKey(name) || _sections.ContainsKey(name))
        {
            var first = _order.First(k => k.Value == name).Location;
            _diagnostics.Error(entry.Key.Location, $"top-level key '{name}' is set twice: at {first} and here",
                "set it in one file only");
            return;
        }
        _settings.Add(name, entry.Value);
        _order.Add(entry.Key);
    }

    private void Include(ConfigNode value, List<string> chain)
    {
        IReadOnlyList<ConfigNode>? patterns = value switch
        {
            ScalarNode { IsNull: true } => [],
            ScalarNode scalar => [scalar],
            SequenceNode list => list.Items,
            _ => null,
        };
        if (patterns is null) { Invalid(value); return; }
        foreach (var item in patterns)
        {
            if (item is not ScalarNode { IsNull: false } pattern) { Invalid(item); continue; }
            foreach (var path in Expand(pattern)) IncludeFile(path, pattern.Location, chain);
        }
    }

    /// <summary>The files a pattern names, sorted; a plain name that does not exist is an error, a glob matching nothing is not (an empty conf.d).</summary>
    private List<string> Expand(ScalarNode pattern)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(pattern.Location.File)) ?? "/";
        var full = Path.GetFullPath(Path.Combine(baseDir, pattern.Value));
        if (pattern.Value.IndexOfAny(['*', '?', '[']) >= 0) return [.. IniGlob.Expand(full)];
        if (File.Exists(full)) return [full];
        _diagnostics.Error(pattern.Location, $"included file '{full}' not found",
            "include paths are relative to the file that includes them; check the name, or use a glob such as conf.d/*.yaml, which may match nothing");
        return [];
    }

    private void IncludeFile(string path, SourceLocation at, List<string> chain)
    {
        if (chain.Contains(path))
        {
            var cycle = string.Join(" -> ", chain.SkipWhile(p => p != path).Append(path));
            _diagnostics.Error(at, $"include cycle: {cycle}", "a file cannot include itself, directly or through another file; remove one of the includes");
            return;
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(at, $"cannot read included file '{path}': {ErrorText.Of(ex)}", "check that it is a readable file");
            return;
        }
        var shown = Shown(path, at.File);
        if (!YamlTreeParser.TryParse(text, shown, _diagnostics, out var root)) return;
        switch (root)
        {
            case null or ScalarNode { IsNull: true }:
                return;
            case MappingNode top:
                AddFile(top, [.. chain, path]);
                return;
            default:
                _diagnostics.Error(root.Location, $"the top level of the included file is {root.KindDescription}",
                    "expected a mapping with keys such as 'programs' or 'jobs', as in tend.yaml");
                return;
        }
    }

    /// <summary>The included file's name in locations: relative when the including file was named relatively, as users typed it.</summary>
    private static string Shown(string path, string includedFrom) =>
        Path.IsPathRooted(includedFrom) ? path : Path.GetRelativePath(System.Environment.CurrentDirectory, path);

    private void Invalid(ConfigNode node)
    {
        if (node is InvalidNode) return;
        var got = node is ScalarNode { IsNull: false } scalar ? $"'{scalar.Value}'" : node.KindDescription;
        _diagnostics.Error(node.Location, $"invalid value for '{ConfigKeys.Include}': {got}", Expected);
    }
}
