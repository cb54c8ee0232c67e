using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Typed, expanded access to one section's keys. Remembers which keys were read, so the keys
/// nobody asked for can be reported as unknown; reports each problem once even when a value is
/// read once per process (numprocs).
/// </summary>
internal sealed class SectionValues(IniSection section, IReadOnlyDictionary<string, object> names, DiagnosticBag diagnostics)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public IniSection Section => section;
    public DiagnosticBag Diagnostics => diagnostics;

    /// <summary>The entry, unexpanded (for process_name and environment, expanded later); marks the key as read.</summary>
    public IniEntry? Entry(string key)
    {
        _read.Add(key);
        return section.Get(key);
    }

    /// <summary>The expanded value; null when absent or when expansion failed (then reported).</summary>
    public string? String(string key, IReadOnlyDictionary<string, object>? more = null) =>
        Entry(key) is { } entry ? Expand(entry, entry.Value, more) : null;

    /// <summary>Expands <paramref name="text"/> as the value of <paramref name="entry"/>; null and an error when it cannot.</summary>
    public string? Expand(IniEntry entry, string text, IReadOnlyDictionary<string, object>? more = null)
    {
        string? unportable = null;
        var here = text.Contains($"%({ExpansionNames.Here})", StringComparison.Ordinal)
            ? ExpansionNames.HereValue(more ?? names, entry, out unportable)
            : entry.Here;
        if (unportable is not null && _reported.Add($"here {entry.Location}"))
        {
            diagnostics.Warning(entry.Location,
                $"%(here)s in {entry.Key} of [{section.Name}] is this file's directory on this machine (outside the working directory), which the output must not hold: it is written ${{{ExpansionNames.HereVariable}}}",
                $"set {ExpansionNames.HereVariable} where the output runs to the directory the configuration is in there, or export from a path relative to the working directory");
        }
        var all = ExpansionNames.With(more ?? names, (ExpansionNames.Here, here));
        if (PercentFormat.TryFormat(text, all, out var result, out var failure))
        {
            if (!result.Contains('\0')) return result;
            // Paths, names and arguments all end at a NUL in system calls; supervisord refuses it too ("embedded null byte").
            Error(entry.Location, $"{entry.Key} of [{section.Name}] contains a NUL character", "remove the \\0: values cannot contain it");
            return null;
        }
        if (failure!.MissingName is { } missing)
        {
            Error(entry.Location, $"cannot expand %({missing}) in {entry.Key} of [{section.Name}]: no such name",
                ExpansionNames.AvailableHint(missing, all.Keys));
        }
        else
        {
            Error(entry.Location, $"cannot expand {entry.Key} of [{section.Name}]: {failure.Message}",
                "write %(name)s to insert a value, e.g. %(ENV_HOME)s, and %% for a literal '%'");
        }
        return null;
    }

    public bool? Bool(string key) => Parsed(key, SupervisordValues.Boolean, SupervisordValues.BooleanHint);
    public long? Long(string key) => Parsed(key, SupervisordValues.Integer, SupervisordValues.IntegerHint);
    public long? ByteSize(string key, IReadOnlyDictionary<string, object>? more = null) => Parsed(key, SupervisordValues.ByteSize, SupervisordValues.ByteSizeHint, more);
    public int? Octal(string key) => Parsed(key, SupervisordValues.Octal, SupervisordValues.OctalHint);
    public int? Signal(string key) => Parsed(key, SupervisordValues.Signal, SupervisordValues.SignalHint);
    public RestartPolicy? AutoRestart(string key) => Parsed(key, SupervisordValues.AutoRestart, SupervisordValues.AutoRestartHint);

    /// <summary>A whole number that must fit an int and be at least <paramref name="min"/>.</summary>
    public int? Int(string key, int min = int.MinValue, IReadOnlyDictionary<string, object>? more = null)
    {
        var value = Parsed(key, SupervisordValues.Integer, SupervisordValues.IntegerHint, more);
        if (value is not { } n) return null;
        if (n >= min && n <= int.MaxValue) return (int)n;
        Error(section.Get(key)!.Location, $"{key} in [{section.Name}] is out of range ({n})",
            min == 0 ? "expected 0 or more" : min == 1 ? "expected 1 or more" : $"expected a number from {min} to {int.MaxValue}");
        return null;
    }

    /// <summary>A whole number of seconds (startsecs, stopwaitsecs); a negative one is refused in the wording of every duration.</summary>
    public TimeSpan? Seconds(string key)
    {
        var value = Parsed(key, SupervisordValues.Integer, SupervisordValues.IntegerHint);
        if (value is not { } n) return null;
        if (n < 0)
        {
            Error(section.Get(key)!.Location, $"{key} in [{section.Name}]: {Durations.Negative(section.Get(key)!.Value)}", "expected a number of seconds, 0 or more");
            return null;
        }
        if (n <= int.MaxValue) return TimeSpan.FromSeconds(n);
        Error(section.Get(key)!.Location, $"{key} in [{section.Name}] is out of range ({n})", $"expected a number of seconds from 0 to {int.MaxValue}");
        return null;
    }

    public IReadOnlyList<int>? ExitCodes(string key)
    {
        if (String(key) is not { } text) return null;
        if (SupervisordValues.ExitCodes(text) is { } codes) return codes;
        Invalid(key, text, SupervisordValues.ExitCodesHint);
        return null;
    }

    private T? Parsed<T>(string key, Func<string, T?> parse, string hint, IReadOnlyDictionary<string, object>? more = null) where T : struct
    {
        if (String(key, more) is not { } text) return null;
        if (parse(text) is { } value) return value;
        Invalid(key, text, hint);
        return null;
    }

    public void Invalid(string key, string text, string hint)
    {
        if (VariableReferences.HasReferences(text))
        {
            // Read for another machine (tend convert, tend export), a variable the image sets is kept as a
            // reference; a typed value cannot be one, and "invalid '${X}'" would not say why.
            var name = VariableReferences.Split(text).First(x => x.Reference is not null).Reference!.Name;
            Error(section.Get(key)!.Location, $"{key} in [{section.Name}] takes its value from ${name}, which cannot stay a variable reference in the output",
                $"give the value the image sets: --env {name}=VALUE");
            return;
        }
        Error(section.Get(key)!.Location, $"invalid {key} '{text}' in [{section.Name}]", hint);
    }

    public void Error(SourceLocation at, string message, string hint)
    {
        if (_reported.Add($"E{at}{message}")) diagnostics.Error(at, message, hint);
    }

    public void Warning(SourceLocation at, string message, string hint)
    {
        if (_reported.Add($"W{at}{message}")) diagnostics.Warning(at, message, hint);
    }

    /// <summary>A key Tend reads but does not act on: said once, at the key.</summary>
    public void NotHonoured(string key, string why)
    {
        if (section.Get(key) is { } entry)
            Warning(entry.Location, $"{key} in [{section.Name}] is not supported by Tend and is ignored", why);
    }

    /// <summary>
    /// Warns about every key that is neither valid for the section nor asked for by a reader:
    /// supervisord ignores them silently. (A valid key may go unread, e.g. command with numprocs=0.)
    /// </summary>
    public void ReportUnknownKeys(IReadOnlyList<string> valid)
    {
        foreach (var entry in section.Entries.Where(e => !_read.Contains(e.Key) && !valid.Contains(e.Key)))
        {
            Warning(entry.Location, $"unknown key '{entry.Key}' in [{section.Name}] is ignored",
                KeySuggester.Hint(entry.Key, valid));
        }
    }
}
