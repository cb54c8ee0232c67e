using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tend.Config;

/// <summary>
/// Reading a configuration for another machine (`tend export`, `tend convert`): a <c>${VAR}</c> in
/// a command or an environment value must stay a reference, resolved where the output runs, never
/// by the values of the machine that reads it. <see cref="Keeping"/> is the environment to read with:
/// it holds only the given base values (none of this machine's), and tells the reader to keep each
/// reference in commands and environment values as its text, between <see cref="Open"/> and
/// <see cref="Close"/> (characters of Unicode's private use area, which no config holds), so that an
/// exporter can tell a reference from a literal "${" and write it in its own syntax
/// (<see cref="Split"/>). Typed settings (durations, addresses, names) are still resolved, from the
/// base values and the defaults written in the file.
/// </summary>
public static class VariableReferences
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';

    /// <summary>An environment that holds <paramref name="values"/> and keeps references.</summary>
    public static IReadOnlyDictionary<string, string> Keeping(IReadOnlyDictionary<string, string>? values = null) =>
        new KeepingEnvironment(values ?? new Dictionary<string, string>());

    public static bool AreKept(IReadOnlyDictionary<string, string> environment) => environment is KeepingEnvironment;

    /// <summary>A kept reference as the reader stores it.</summary>
    public static string Mark(string referenceText) => $"{Open}{referenceText}{Close}";

    public static bool HasReferences(string text) => text.Contains(Open);

    /// <summary>The text without markers: each reference as written (tend.yaml's own syntax).</summary>
    public static string AsWritten(string text) => text.Replace(Open.ToString(), "", StringComparison.Ordinal).Replace(Close.ToString(), "", StringComparison.Ordinal);

    /// <summary>The literal parts and the references of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<ReferenceSegment> Split(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf(Open, i);
            if (open < 0) { yield return new ReferenceSegment(text[i..], null); yield break; }
            if (open > i) yield return new ReferenceSegment(text[i..open], null);
            var close = text.IndexOf(Close, open + 1);
            if (close < 0) { yield return new ReferenceSegment(text[open..], null); yield break; }
            yield return new ReferenceSegment(text[(open + 1)..close], VariableReference.Parse(text[(open + 1)..close]));
            i = close + 1;
        }
    }

    private sealed class KeepingEnvironment(IReadOnlyDictionary<string, string> values) : IReadOnlyDictionary<string, string>
    {
        public string this[string key] => values[key];
        public IEnumerable<string> Keys => values.Keys;
        public IEnumerable<string> Values => values.Values;
        public int Count => values.Count;
        public bool ContainsKey(string key) => values.ContainsKey(key);
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => values.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => values.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Text is the literal text, or the reference's text ("${NAME:-default}") when Reference is set.</summary>
public sealed record ReferenceSegment(string Text, VariableReference? Reference);

/// <summary>
/// One <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME-default}</c>, <c>${NAME:?message}</c> or
/// <c>${NAME?message}</c>: Operator is "", ":-", "-", ":?" or "?", Operand what follows it.
/// </summary>
public sealed record VariableReference(string Name, string Operator, string Operand)
{
    public bool HasDefault => Operator is ":-" or "-";

    public bool IsRequired => Operator is ":?" or "?";

    public static VariableReference Parse(string text)
    {
        var body = text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') ? text[2..^1] : text;
        var end = 0;
        while (end < body.Length && (body[end] == '_' || char.IsAsciiLetterOrDigit(body[end]))) end++;
        var rest = body[end..];
        foreach (var op in (string[])[":-", ":?", "-", "?"])
            if (rest.StartsWith(op, StringComparison.Ordinal)) return new(body[..end], op, rest[op.Length..]);
        return new(body[..end], "", "");
    }

    /// <summary>The default's text with any reference in it written as it was (nested references are rare).</summary>
    public string DefaultText => HasDefault ? VariableReferences.AsWritten(Operand) : "";

    public override string ToString()
    {
        var sb = new StringBuilder("${").Append(Name).Append(Operator).Append(Operand).Append('}');
        return sb.ToString();
    }
}
