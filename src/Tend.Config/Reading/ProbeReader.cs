using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads <c>readiness</c> and <c>liveness</c>: a mapping with one check (exec, http or tcp) and
/// optional timing keys. That there is exactly one check, and the ranges, are left to validation.
/// </summary>
internal static class ProbeReader
{
    public const string Expected = "expected a mapping with one check, e.g. {exec: [\"pg_isready\", \"-q\"]}, "
        + "{http: \"http://127.0.0.1:8080/health\"} or {tcp: \"127.0.0.1:8080\"}, and optionally interval, timeout, "
        + "initial_delay, failure_threshold, success_threshold";

    public const string ExampleUrl = "http://127.0.0.1:8080/health";
    public const string ExpectedUrl = $"expected an absolute http:// or https:// URL, e.g. {ExampleUrl}";
    private const string ExampleAddress = "127.0.0.1:8080";

    /// <summary>Null for a null value (no probe) and for a value that is not a mapping (reported).</summary>
    public static ProbeDraft? Read(ReadContext ctx, string probeKey, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map)
        {
            ctx.Invalid(probeKey, node, Expected);
            return null;
        }

        var draft = new ProbeDraft(probeKey, node.Location);
        foreach (var (key, value) in map.Entries)
        {
            var name = $"{probeKey}.{key.Value}";
            switch (key.Value)
            {
                case ConfigKeys.ProbeExec:
                    draft.Checks.Add(new(ProbeKind.Exec, key.Location));
                    draft.Exec = CommandReader.Read(ctx, value, name);
                    break;
                case ConfigKeys.ProbeHttp:
                    draft.Checks.Add(new(ProbeKind.Http, key.Location));
                    draft.Url = Url(ctx, name, value);
                    break;
                case ConfigKeys.ProbeTcp:
                    draft.Checks.Add(new(ProbeKind.Tcp, key.Location));
                    draft.Address = Required(ctx, name, value, $"expected host:port, e.g. {ExampleAddress}")
                        ? ScalarReaders.Address(ctx, name, value, ExampleAddress)
                        : null;
                    break;
                case ConfigKeys.ProbeInterval: draft.Interval = ScalarReaders.Duration(ctx, name, value); break;
                case ConfigKeys.ProbeTimeout: draft.Timeout = ScalarReaders.Duration(ctx, name, value); break;
                case ConfigKeys.ProbeInitialDelay: draft.InitialDelay = ScalarReaders.Duration(ctx, name, value); break;
                case ConfigKeys.ProbeFailureThreshold: draft.FailureThreshold = ScalarReaders.Int(ctx, name, value); break;
                case ConfigKeys.ProbeSuccessThreshold: draft.SuccessThreshold = ScalarReaders.Int(ctx, name, value); break;
                case ConfigKeys.ProbeInsecureSkipVerify: draft.InsecureSkipVerify = ScalarReaders.Bool(ctx, name, value); break;
                default:
                    ctx.Error(key.Location, $"unknown key '{key.Value}' in '{probeKey}'",
                        KeySuggester.Hint(key.Value, ConfigKeys.ProbeKeys));
                    break;
            }
        }
        return draft;
    }

    /// <summary>An absolute http:// or https:// URL with a host, kept as written.</summary>
    private static Located<string>? Url(ReadContext ctx, string key, ConfigNode node)
    {
        if (!Required(ctx, key, node, ExpectedUrl)) return null;
        var text = ScalarReaders.Text(ctx, key, node, ExpectedUrl)?.Trim();
        if (text is null) return null;

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || !text.Contains("://", StringComparison.Ordinal))
        {
            ctx.Invalid(key, node, ExpectedUrl, text);
            return null;
        }
        if (uri.Port is < 1 or > 65535)
        {
            ctx.Error(node.Location, $"invalid value for '{key}': port {uri.Port} is out of range in '{text}'", HostPortMessages.PortRange);
            return null;
        }
        return new(text, node.Location);
    }

    /// <summary>A check key needs a value: <c>http:</c> alone is reported rather than read as "not set".</summary>
    private static bool Required(ReadContext ctx, string key, ConfigNode node, string expected)
    {
        if (node is not ScalarNode { IsNull: true }) return true;
        ctx.Invalid(key, node, expected);
        return false;
    }
}
