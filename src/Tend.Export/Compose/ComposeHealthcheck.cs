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
    /// <param name="probe">The probe the healthcheck runs.</param>
    /// <param name="escape">Escapes a word for compose's interpolation.</param>
    /// <param name="note">Takes what cannot be said.</param>
    /// <param name="startPeriod">A startup probe's window (<see cref="StartupWindow"/>), when it is longer than the probe's own initial delay.</param>
    public static YamlMap From(ProbeSpec probe, Func<string, string> escape, Action<string> note, TimeSpan? startPeriod = null)
    {
        var test = new YamlSeq { Flow = true }.Add(YamlScalar.String("CMD"));
        foreach (var word in ProbeCommand(probe)) test.Add(YamlScalar.String(escape(word)));
        var m = new YamlMap()
            .Add("test", test)
            .Add("interval", Durations.Format(probe.Interval))
            .Add("timeout", Durations.Format(probe.Timeout))
            .Add("retries", probe.FailureThreshold);
        var period = startPeriod is { } window && window > probe.InitialDelay ? window : probe.InitialDelay;
        if (period > TimeSpan.Zero) m.Add("start_period", Durations.Format(period));
        if (probe.SuccessThreshold != 1)
            note($"success_threshold {probe.SuccessThreshold}: compose counts one success as healthy");
        return m;
    }

    /// <summary>The longest a startup probe lets a start take before it fails it: initial_delay + interval x failure_threshold, as Kubernetes counts it.</summary>
    public static TimeSpan StartupWindow(ProbeSpec startup) => startup.InitialDelay + startup.Interval * startup.FailureThreshold;

    /// <summary>The argv that performs the probe once inside the container.</summary>
    public static IReadOnlyList<string> ProbeCommand(ProbeSpec probe) => probe.Kind switch
    {
        ProbeKind.Http => ["tend", "probe", "http", probe.Url ?? "", "--timeout", Durations.Format(probe.Timeout), .. (probe.InsecureSkipVerify ? ["--insecure-skip-verify"] : Array.Empty<string>())],
        ProbeKind.Tcp => ["tend", "probe", "tcp", probe.Address ?? "", "--timeout", Durations.Format(probe.Timeout)],
        _ => probe.Command,
    };
}
