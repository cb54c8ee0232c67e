using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A Tend probe as a Kubernetes probe: http → httpGet, tcp → tcpSocket, exec → exec. Kubernetes
/// counts in whole seconds (at least 1), so sub-second values are rounded up, with a note.
/// </summary>
internal static class KubernetesProbes
{
    public static YamlMap From(ProbeSpec probe, bool liveness, Action<string> note)
    {
        var m = new YamlMap();
        switch (probe.Kind)
        {
            case ProbeKind.Http:
                if (Uri.TryCreate(probe.Url, UriKind.Absolute, out var uri))
                {
                    var get = new YamlMap().Add("path", string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery).Add("port", uri.Port);
                    if (!IsLocal(uri.Host)) get.Add("host", uri.Host);
                    m.Add("httpGet", get);
                }
                else note($"HTTP probe URL \"{probe.Url}\" could not be read");
                break;
            case ProbeKind.Tcp:
                if (TrySplit(probe.Address, out var host, out var port))
                {
                    var tcp = new YamlMap().Add("port", port);
                    if (!IsLocal(host)) tcp.Add("host", host);
                    m.Add("tcpSocket", tcp);
                }
                else note($"TCP probe address \"{probe.Address}\" could not be read");
                break;
            default:
                m.Add("exec", new YamlMap().Add("command", YamlSeq.Strings(probe.Command.Select(KubernetesVariables.Escape))));
                break;
        }
        if (probe.InitialDelay > TimeSpan.Zero) m.Add("initialDelaySeconds", Seconds(probe.InitialDelay, "initial_delay", note, minimum: 0));
        m.Add("periodSeconds", Seconds(probe.Interval, "interval", note));
        m.Add("timeoutSeconds", Seconds(probe.Timeout, "timeout", note));
        m.Add("failureThreshold", probe.FailureThreshold);
        if (liveness && probe.SuccessThreshold != 1)
            note($"success_threshold {probe.SuccessThreshold}: Kubernetes requires 1 for liveness probes");
        else m.Add("successThreshold", probe.SuccessThreshold);
        return m;
    }

    /// <summary>The port a probe checks, when it names one: what a Service can expose.</summary>
    public static int? Port(ProbeSpec? probe) => probe?.Kind switch
    {
        ProbeKind.Http when Uri.TryCreate(probe.Url, UriKind.Absolute, out var uri) => uri.Port,
        ProbeKind.Tcp when TrySplit(probe.Address, out _, out var port) => port,
        _ => null,
    };

    public static long Seconds(TimeSpan value, string what, Action<string> note, long minimum = 1)
    {
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (seconds < minimum) seconds = minimum;
        if (seconds != value.TotalSeconds)
            note($"{what} {Config.Durations.Format(value)} rounded to {seconds.ToString(CultureInfo.InvariantCulture)}s (Kubernetes counts whole seconds)");
        return seconds;
    }

    private static bool IsLocal(string host) => host is "localhost" or "127.0.0.1" or "::1" or "[::1]" or "0.0.0.0" or "";

    private static bool TrySplit(string? address, out string host, out int port)
    {
        host = "";
        port = 0;
        if (address is null) return false;
        var colon = address.LastIndexOf(':');
        if (colon < 0) return false;
        host = address[..colon].Trim('[', ']');
        return int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }
}
