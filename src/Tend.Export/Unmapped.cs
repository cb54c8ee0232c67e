using Tend.Config.Writing;

namespace Tend.Export;

/// <summary>
/// The rule "never silently dropped" in one place: whatever an exporter cannot carry over is
/// written as a comment where it would have gone and collected as a warning for stderr.
/// </summary>
public sealed class Unmapped
{
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, Model.SourceLocation> _where = new(StringComparer.Ordinal);

    public Unmapped()
    {
    }

    /// <summary>
    /// Warnings about a program or job of <paramref name="config"/> start with where it is defined
    /// ("tend.yaml:24:3: prepare: ..."), as the configuration's own diagnostics do, so the user
    /// finds the key the warning names; the comment in the document stays without it (no path of
    /// this machine goes into the output).
    /// </summary>
    public Unmapped(Model.TendConfig config)
    {
        foreach (var p in config.Programs) if (p.DefinedAt is { } at) _where.TryAdd(p.Name, at with { File = ImagePaths.ShownFile(at.File) });
        foreach (var j in config.Jobs) if (j.DefinedAt is { } at) _where.TryAdd(j.Name, at with { File = ImagePaths.ShownFile(at.File) });
    }

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Comments <paramref name="text"/> into <paramref name="at"/> and warns "SUBJECT: text".</summary>
    public void Note(YamlMap at, string subject, string text)
    {
        text = Config.VariableReferences.AsWritten(text);
        at.Comment($"tend: {text}");
        _warnings.Add(Located(subject, text));
    }

    /// <summary>A warning with no place in the document (the comment goes to its header instead).</summary>
    public void Warn(string subject, string text) => _warnings.Add(Located(subject, Config.VariableReferences.AsWritten(text)));

    private string Located(string subject, string text) =>
        Printable(_where.TryGetValue(subject, out var at) ? $"{at}: {subject}: {text}" : $"{subject}: {text}");

    /// <summary>
    /// A warning is one line on a terminal: a value's line breaks and control characters (an
    /// escape sequence in an environment value) are written as escapes, as in the document's
    /// comments, never sent to the terminal as they are.
    /// </summary>
    internal static string Printable(string text)
    {
        if (!text.Any(IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!IsControl(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u{(int)c:x4}",
            });
        }
        return sb.ToString();
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
