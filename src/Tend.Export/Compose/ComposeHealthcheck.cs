using Tend.Config;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Compose;

/// <summary>
/// A Tend probe as a compose healthcheck. Exec probes run as they are (CMD); HTTP and TCP probes run
/// `tend probe http URL` / `tend probe tcp HOST:PORT`, the same check Tend does, so the image needs
/// no curl or nc: only the tend binary every service already has as its init.
/// </summary>
internal static class ComposeHealthcheck
{
    public static YamlMap From(ProbeSpec probe, Func<string, string> escape, Action<string> note)
    {
        var test = new YamlSeq { Flow = true }.Add(YamlScalar.String("CMD"));
        foreach (var word in ProbeCommand(probe)) test.Add(YamlScalar.String(escape(word)));
        var m = new YamlMap()
            .Add("test", test)
            .Add("interval", Durations.Format(probe.Interval))
            .Add("timeout", Durations.Format(probe.Timeout))
            .Add("retries", probe.FailureThreshold);
        if (probe.InitialDelay > TimeSpan.Zero) m.Add("start_period", Durations.Format(probe.InitialDelay));
        if (probe.SuccessThreshold != 1)
            note($"success_threshold {probe.SuccessThreshold}: compose counts one success as healthy");
        return m;
    }

    /// <summary>The argv that performs the probe once inside the container.</summary>
    public static IReadOnlyList<string> ProbeCommand(ProbeSpec probe) => probe.Kind switch
    {
        ProbeKind.Http => ["tend", "probe", "http", probe.Url ?? "", "--timeout", Durations.Format(probe.Timeout), .. (probe.InsecureSkipVerify ? ["--insecure-skip-verify"] : Array.Empty<string>())],
        ProbeKind.Tcp => ["tend", "probe", "tcp", probe.Address ?? "", "--timeout", Durations.Format(probe.Timeout)],
        _ => probe.Command,
    };
}
