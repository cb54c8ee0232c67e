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
    public string? Expand(ScalarNode node) => Expand(node.Value, node.Location, keep: false);

    /// <summary>
    /// As <see cref="Expand(ScalarNode)"/>, but a reader for another machine
    /// (<see cref="VariableReferences.Keeping"/>) keeps the references: for commands and environment
    /// values, which the output can resolve where it runs.
    /// </summary>
    public string? ExpandKeepingReferences(ScalarNode node) => Expand(node.Value, node.Location, VariableReferences.AreKept(environment));

    /// <summary>
    /// Text read at <paramref name="at"/> (a line of an env file: an environment value, so its
    /// references are kept for another machine as <see cref="ExpandKeepingReferences"/> keeps them);
    /// null when expansion failed (reported).
    /// </summary>
    public string? Expand(string text, SourceLocation at) => Expand(text, at, VariableReferences.AreKept(environment));

    private string? Expand(string text, SourceLocation at, bool keep)
    {
        var result = _expander.Expand(text, keep);
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
