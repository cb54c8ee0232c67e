using Tend.Config.Writing;

namespace Tend.Export;

/// <summary>
/// The rule "never silently dropped" in one place: whatever an exporter cannot carry over is
/// written as a comment where it would have gone and collected as a warning for stderr.
/// </summary>
public sealed class Unmapped
{
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Comments <paramref name="text"/> into <paramref name="at"/> and warns "SUBJECT: text".</summary>
    public void Note(YamlMap at, string subject, string text)
    {
        text = Config.VariableReferences.AsWritten(text);
        at.Comment($"tend: {text}");
        _warnings.Add($"{subject}: {text}");
    }

    /// <summary>A warning with no place in the document (the comment goes to its header instead).</summary>
    public void Warn(string subject, string text) => _warnings.Add($"{subject}: {Config.VariableReferences.AsWritten(text)}");
}
