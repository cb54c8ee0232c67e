using System.Text;
using Tend.Config;
using Tend.Model;

namespace Tend.Export;

/// <summary>
/// The <c>${VAR}</c> references a configuration read for another machine kept (see
/// <see cref="VariableReferences"/>), for an exporter to write in its target's syntax and to list
/// (compose's .env example, Kubernetes' ConfigMap and Secret). A variable with a default in the
/// file is configuration (its default is the file's, not this machine's); one without is a value
/// only the deployment knows (a password, a key): Kubernetes gets it from a Secret.
/// </summary>
public sealed class ExportedVariables
{
    private readonly SortedDictionary<string, VariableReference> _seen = new(StringComparer.Ordinal);

    /// <summary>Name → the first reference to it (its default, or none).</summary>
    public IReadOnlyDictionary<string, VariableReference> Seen => _seen;

    public bool IsEmpty => _seen.Count == 0;

    /// <summary>Variables with a default: a ConfigMap, a commented line of the .env example.</summary>
    public IEnumerable<VariableReference> WithDefaults => _seen.Values.Where(r => r.HasDefault);

    /// <summary>Variables without one: a Secret, a line to fill in.</summary>
    public IEnumerable<VariableReference> WithoutDefaults => _seen.Values.Where(r => !r.HasDefault);

    /// <summary><paramref name="text"/> with each literal part through <paramref name="literal"/> and each reference through <paramref name="reference"/>; the references are recorded.</summary>
    public string Write(string text, Func<string, string> literal, Func<VariableReference, string, string> reference) =>
        Rewrite(text, literal, (r, written) =>
        {
            _seen.TryAdd(r.Name, r);
            return reference(r, written);
        });

    /// <summary>As <see cref="Write"/>, recording nothing.</summary>
    public static string Rewrite(string text, Func<string, string> literal, Func<VariableReference, string, string> reference)
    {
        if (!VariableReferences.HasReferences(text)) return literal(text);
        var sb = new StringBuilder();
        foreach (var segment in VariableReferences.Split(text))
            sb.Append(segment.Reference is { } r ? reference(r, segment.Text) : literal(segment.Text));
        return sb.ToString();
    }

    /// <summary>The text as it reads with every variable at its default (empty when it has none).</summary>
    public static string WithDefaultValues(string text)
    {
        if (!VariableReferences.HasReferences(text)) return text;
        return string.Concat(VariableReferences.Split(text).Select(s => s.Reference is { } r ? r.DefaultText : s.Text));
    }

    /// <summary>Every reference in the configuration's commands and environments, so a header can list them before the services.</summary>
    public static ExportedVariables Of(TendConfig config)
    {
        var v = new ExportedVariables();
        void Add(string s) => v.Write(s, t => t, (_, t) => t);
        foreach (var p in config.Programs)
        {
            foreach (var s in p.Command.Concat(p.Environment.Values)) Add(s);
            foreach (var probe in new[] { p.Readiness, p.Liveness }.OfType<ProbeSpec>()) foreach (var s in probe.Command) Add(s);
            if (p.WorkingDir is { } w) Add(w);
        }
        foreach (var j in config.Jobs) foreach (var s in j.Command.Concat(j.Environment.Values)) Add(s);
        return v;
    }
}
