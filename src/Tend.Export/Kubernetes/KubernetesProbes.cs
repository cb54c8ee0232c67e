using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Kubernetes;

/// <summary>
/// A Tend probe as a Kubernetes probe that checks the same thing. An HTTP or TCP probe of a
/// loopback address (127.0.0.1, localhost, ::1) checks a server that may listen only there: the
/// kubelet's httpGet and tcpSocket go to the pod's IP and would never reach it, so it becomes an
/// exec probe running `tend probe http|tcp` inside the container (Tend is in the image: it is the
/// container's init). A probe of 0.0.0.0 or another host stays an httpGet/tcpSocket. exec → exec.
/// initial_delay, interval, timeout and both thresholds map one to one; Kubernetes counts in
/// whole seconds (at least 1), so sub-second values are rounded up, with a note.
/// </summary>
internal static class KubernetesProbes
{
    public static YamlMap From(ProbeSpec probe, bool liveness, Action<string> note)
    {
        var m = new YamlMap();
        switch (probe.Kind)
        {
            case ProbeKind.Http or ProbeKind.Tcp when IsLoopback(probe):
                m.Add("exec", new YamlMap().Add("command", YamlSeq.Strings(Compose.ComposeHealthcheck.ProbeCommand(probe).Select(KubernetesVariables.Escape))));
                break;
            case ProbeKind.Http:
                if (Uri.TryCreate(probe.Url, UriKind.Absolute, out var uri))
                {
                    var get = new YamlMap().Add("path", string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery).Add("port", uri.Port);
                    if (!IsLocal(uri.Host)) get.Add("host", uri.Host);
                    if (uri.Scheme == "https")
                    {
                        get.Add("scheme", "HTTPS");
                        if (!probe.InsecureSkipVerify) note("the kubelet does not verify an HTTPS probe's certificate, where Tend does");
                    }
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
                // The kubelet expands an exec probe only from the container's own env values, not
                // from envFrom: a ${VAR} is written as its default.
                if (probe.Command.Any(Config.VariableReferences.HasReferences))
                    note("the exec probe's ${VAR} references are written with their defaults: the kubelet does not expand a probe from envFrom");
                m.Add("exec", new YamlMap().Add("command", YamlSeq.Strings(probe.Command.Select(w => KubernetesVariables.Escape(ExportedVariables.WithDefaultValues(w))))));
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

    /// <summary>An HTTP or TCP probe of a loopback address: only a check from inside the container reaches it.</summary>
    public static bool IsLoopback(ProbeSpec probe)
    {
        var host = probe.Kind switch
        {
            ProbeKind.Http when Uri.TryCreate(probe.Url, UriKind.Absolute, out var uri) => uri.Host.Trim('[', ']'),
            ProbeKind.Tcp when TrySplit(probe.Address, out var h, out _) => h,
            _ => null,
        };
        return host is not null && (host is "localhost" or "::1" || host.StartsWith("127.", StringComparison.Ordinal));
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
