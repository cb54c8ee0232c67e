using Tend.Model;

namespace Tend.Config;

/// <summary>
/// What every reader needs: the diagnostics sink, the environment, and variable expansion that
/// reports each unset variable once (a variable used in ten places is one problem, not ten).
/// </summary>
internal sealed class ReadContext(IReadOnlyDictionary<string, string> environment, DiagnosticBag diagnostics)
{
    private readonly VariableExpander _expander = new(environment);
    private readonly HashSet<string> _reportedUnset = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Environment => environment;

    public DiagnosticBag Diagnostics => diagnostics;

    /// <summary>The scalar's text with <c>${...}</c> expanded; null when expansion failed (reported).</summary>
    public string? Expand(ScalarNode node) => Expand(node.Value, node.Location);

    /// <summary>Text read at <paramref name="at"/> (e.g. a line of an env file) with <c>${...}</c> expanded; null when expansion failed (reported).</summary>
    public string? Expand(string text, SourceLocation at)
    {
        var result = _expander.Expand(text);
        foreach (var name in result.UnsetVariables.Where(_reportedUnset.Add))
        {
            diagnostics.Warning(at, $"variable '{name}' is not set; using an empty string",
                $"set {name} in the environment, or give a default with ${{{name}:-default}}");
        }
        if (result.Error is { } error) diagnostics.Error(at, error.Message, error.Hint);
        return result.Value;
    }

    /// <summary>Reports a value of the wrong shape or format; <paramref name="expected"/> becomes the hint.</summary>
    public void Invalid(string key, ConfigNode node, string expected, string? shownText = null)
    {
        if (node is InvalidNode) return; // already reported where it was built

        var got = node is ScalarNode scalar && !scalar.IsNull ? $"'{shownText ?? scalar.Value}'" : node.KindDescription;
        diagnostics.Error(node.Location, $"invalid value for '{key}': {got}", expected);
    }

    public void Error(SourceLocation at, string message, string hint) => diagnostics.Error(at, message, hint);
}
