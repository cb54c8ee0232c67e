using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>One "key = value" line (plus its continuation lines), with where it was written.</summary>
internal sealed record IniEntry(string Key, string Value, SourceLocation Location)
{
    /// <summary>The directory of the file it came from: supervisord's %(here)s for this value.</summary>
    public string Here => Path.GetDirectoryName(Path.GetFullPath(Location.File)) ?? "/";
}

/// <summary>
/// A section as Python's RawConfigParser (strict=False) holds it: a section written twice, even in
/// two files, is one section whose keys are merged, and a key written twice keeps its first
/// position but its last value.
/// </summary>
internal sealed class IniSection(string name, SourceLocation location)
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<IniEntry> _entries = [];

    public string Name { get; } = name;

    /// <summary>Where its header was first written.</summary>
    public SourceLocation Location { get; } = location;

    public IReadOnlyList<IniEntry> Entries => _entries;

    /// <summary>Sets the key; a value it replaces is reported, since it no longer counts.</summary>
    public void Set(IniEntry entry, DiagnosticBag diagnostics)
    {
        if (_index.TryGetValue(entry.Key, out var i))
        {
            // supervisord silently keeps the last one; the first is almost always a leftover.
            diagnostics.Warning(_entries[i].Location, $"'{entry.Key}' is set again in [{Name}] at {entry.Location}; this value is ignored",
                "remove one of the two lines");
            _entries[i] = entry;
            return;
        }
        _index[entry.Key] = _entries.Count;
        _entries.Add(entry);
    }

    public IniEntry? Get(string key) => _index.TryGetValue(key, out var i) ? _entries[i] : null;
}

/// <summary>Every section of a supervisord configuration, the included files merged in, in first-seen order.</summary>
internal sealed class IniDocument
{
    private readonly Dictionary<string, IniSection> _byName = new(StringComparer.Ordinal);
    private readonly List<IniSection> _sections = [];

    public IReadOnlyList<IniSection> Sections => _sections;

    public IniSection? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Adds every section of <paramref name="other"/> but those named <paramref name="except"/>,
    /// later values winning, as RawConfigParser.read does for each included file.
    /// </summary>
    public void MergeFrom(IniDocument other, string except, DiagnosticBag diagnostics)
    {
        foreach (var section in other.Sections)
        {
            if (section.Name == except) continue;
            var target = GetOrAdd(section.Name, section.Location, out _);
            foreach (var entry in section.Entries) target.Set(entry, diagnostics);
        }
    }

    /// <summary>The section named <paramref name="name"/>, created at <paramref name="location"/> if new.</summary>
    public IniSection GetOrAdd(string name, SourceLocation location, out bool existed)
    {
        existed = _byName.TryGetValue(name, out var section);
        if (section is not null) return section;
        section = new IniSection(name, location);
        _byName[name] = section;
        _sections.Add(section);
        return section;
    }
}
