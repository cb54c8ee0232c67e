using System.Text;

namespace Tend.Config;

/// <summary>
/// Compose-style <c>${VAR}</c> interpolation, from a dictionary rather than the process environment
/// so results are deterministic and testable. Only the braced form is expanded: a bare <c>$</c> or
/// <c>$NAME</c> is left alone, because commands like <c>sh -c 'echo $HOME'</c> are meant for the
/// shell that runs them, not for Tend.
/// </summary>
internal sealed class VariableExpander(IReadOnlyDictionary<string, string> environment)
{
    private bool _keep;

    private const string Forms = "write ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message} or ${NAME?message}, where NAME is letters, digits and '_', or $${ for a literal '${'";

    /// <summary>
    /// Expands every reference in <paramref name="text"/>; with <paramref name="keep"/>, each valid
    /// reference is kept as its text between markers instead (<see cref="VariableReferences"/>).
    /// </summary>
    public ExpansionResult Expand(string text, bool keep = false)
    {
        var unset = new List<string>();
        _keep = keep;
        var error = ExpandInto(text, new StringBuilder(text.Length), unset, out var value);
        return error is null
            ? new ExpansionResult(value, null, unset)
            : new ExpansionResult(null, error, unset);
    }

    private ExpansionError? ExpandInto(string text, StringBuilder output, List<string> unset, out string value)
    {
        value = "";
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$') { output.Append(text[i++]); continue; }
            if (At(text, i + 1, "${")) { output.Append("${"); i += 3; continue; }
            if (!At(text, i + 1, "{")) { output.Append('$'); i++; continue; }

            var error = ExpandReference(text, i, output, unset, out var next);
            if (error is not null) return error;
            i = next;
        }
        value = output.ToString();
        return null;
    }

    /// <summary>Expands the <c>${...}</c> starting at <paramref name="start"/>; <paramref name="next"/> is just past its '}'.</summary>
    private ExpansionError? ExpandReference(string text, int start, StringBuilder output, List<string> unset, out int next)
    {
        next = start;
        var close = FindClose(text, start + 2);
        if (close < 0)
            return new ExpansionError($"unclosed '${{' in '{text}'", "close it with '}', or write '$${' for a literal '${'");
        var reference = text[start..(close + 1)];

        var nameEnd = start + 2;
        while (nameEnd < close && IsNameChar(text[nameEnd], nameEnd == start + 2)) nameEnd++;
        var name = text[(start + 2)..nameEnd];
        var op = ReadOperator(text, nameEnd, close);
        if (name.Length == 0 || op is null)
            return new ExpansionError($"invalid variable reference '{reference}'", Forms);

        if (_keep)
        {
            output.Append(VariableReferences.Mark(reference));
            next = close + 1;
            return null;
        }
        var operand = text[(nameEnd + op.Length)..close];
        var isSet = environment.TryGetValue(name, out var current);
        var isEmpty = string.IsNullOrEmpty(current);
        next = close + 1;

        switch (op)
        {
            case "":
                if (!isSet && !unset.Contains(name)) unset.Add(name);
                output.Append(current);
                return null;
            case ":-" or "-":
                var useDefault = op == ":-" ? isEmpty : !isSet;
                if (!useDefault) { output.Append(current); return null; }
                var error = ExpandInto(operand, new StringBuilder(), unset, out var fallback);
                output.Append(fallback);
                return error;
            default: // ":?" or "?"
                var missing = op == ":?" ? isEmpty : !isSet;
                if (!missing) { output.Append(current); return null; }
                var messageError = ExpandInto(operand, new StringBuilder(), unset, out var message);
                return messageError ?? new ExpansionError(
                    message.Length > 0 ? $"variable '{name}' is required: {message}" : $"variable '{name}' is required but {(isSet ? "empty" : "not set")}",
                    $"set {name} in the environment");
        }
    }

    /// <summary>The '}' closing a reference, skipping nested <c>${...}</c> in defaults; -1 if none.</summary>
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '$' && At(text, i + 1, "${")) { i += 2; continue; }
            if (text[i] == '$' && At(text, i + 1, "{")) { depth++; i++; continue; }
            if (text[i] != '}') continue;
            if (depth == 0) return i;
            depth--;
        }
        return -1;
    }

    private static string? ReadOperator(string text, int at, int close)
    {
        if (at == close) return "";
        foreach (var op in (string[])[":-", ":?", "-", "?"])
            if (at + op.Length <= close && At(text, at, op)) return op;
        return null;
    }

    private static bool IsNameChar(char c, bool first) =>
        c == '_' || char.IsAsciiLetter(c) || (!first && char.IsAsciiDigit(c));

    private static bool At(string text, int index, string expected) =>
        index + expected.Length <= text.Length && string.CompareOrdinal(text, index, expected, 0, expected.Length) == 0;
}

/// <summary>Value is null when Error is set. UnsetVariables lists references to unset variables without a default.</summary>
internal sealed record ExpansionResult(string? Value, ExpansionError? Error, IReadOnlyList<string> UnsetVariables);

internal sealed record ExpansionError(string Message, string Hint);
