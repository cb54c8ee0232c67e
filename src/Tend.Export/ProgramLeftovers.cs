using Tend.Config;
using Tend.Model;

namespace Tend.Export;

/// <summary>
/// The settings of a program that neither docker compose nor Kubernetes has a place for, each as a
/// sentence for a comment and a warning. Only values that differ from tend.yaml's defaults are
/// listed: a default needs no carrying over. What one target can map (restart policy, user, probes)
/// is left to that exporter.
/// </summary>
internal static partial class ProgramLeftovers
{
    private static readonly ProgramSpec Defaults = new() { Name = "defaults", Command = [] };

    /// <param name="p">The program being exported.</param>
    /// <param name="sharedNetwork">The programs still share one network namespace (a Kubernetes pod): 127.0.0.1 still reaches them.</param>
    public static IEnumerable<string> Of(ProgramSpec p, bool sharedNetwork = false)
    {
        if (p.EventListener is { } listener)
            yield return $"supervisord event listener for {string.Join(", ", listener.Events)}: there are no supervisord events outside Tend";
        if (p.Stdout.File is { } outFile) yield return $"stdout log file {outFile.Path} (rotation) is not exported: the container runtime collects stdout";
        else if (p.Stdout.Console is null) yield return "stdout is discarded in Tend; the container will show it";
        if (p.Stderr.File is { } errFile && !p.RedirectStderr) yield return $"stderr log file {errFile.Path} (rotation) is not exported";
        if (p.FinishCommand is { } finish) yield return $"finish command {Join(finish)} runs after each exit in Tend; no equivalent";
        if (p.DownCommand is { } down) yield return $"down command {Join(down)} (run at shutdown) has no equivalent";
        if (p.NotificationFd is { } fd) yield return $"readiness by notification-fd {fd} has no equivalent; add a readiness probe";
        if (p.ReadyLogLine is { } readyLine)
            yield return $"ready_log_line \"{readyLine}\" (ready on a matching line of output) has no equivalent: a runtime does not read a container's output for readiness; add a readiness probe";
        if (p.SdNotify) yield return "notify: systemd (readiness by sd_notify) has no equivalent; add a readiness probe";
        if (p.Sockets.Count > 0)
            yield return $"sockets {string.Join(", ", p.Sockets.Select(s => s.Address))}: the socket hand-over (LISTEN_FDS, sockets held across restarts) does not carry over: "
                         + "the program must bind its own port, and connections are refused while it restarts"
                         + (p.Sockets.Any(s => s.IsUnix) ? "; a Unix socket is not exported (containers do not share its directory)" : "");
        if (p.Priority != Defaults.Priority) yield return $"priority {p.Priority}: start order comes only from depends_on";
        if (!p.AutoStart) yield return "autostart: false (started on request only); the exported service starts with the others";
        if (p.Umask is { } umask) yield return $"umask {System.Convert.ToString(umask, 8).PadLeft(3, '0')} has no equivalent; set it in the image's entrypoint";
        if (p.ExitCodes.Count != 1 || p.ExitCodes[0] != 0) yield return $"exit_codes {string.Join(",", p.ExitCodes)} count as success in Tend; here only 0 does";
        if (p.StartSeconds != Defaults.StartSeconds) yield return $"start_seconds {Durations.Format(p.StartSeconds)} has no equivalent";
        if (p.Backoff != Defaults.Backoff) yield return "the restart backoff is the runtime's own, not Tend's";
        if (p.ForwardSignals.Count > 0) yield return $"forward_signals {string.Join(",", p.ForwardSignals.Select(Signals.Name))}: each container gets signals itself";
        if (p.RestartWith.Count > 0) yield return $"restart_with {string.Join(",", p.RestartWith)} has no equivalent";
        if (p.OnDependencyFailure == OnDependencyFailure.Stop) yield return "on_dependency_failure: stop has no equivalent";
        if (p.Main) yield return "main: in Tend the container ends when it exits; here it is one service among others";
        if (p.Critical) yield return "critical: in Tend its failure shuts the container down; here it does not stop the others";
        if (!p.CountsForHealth) yield return "health: ignore has no equivalent";
        if (p.StartTimeout is { } startTimeout) yield return $"start timeout {Durations.Format(startTimeout)} has no equivalent";
        if (p.StdinFrom is { } from) yield return $"stdin is the output of {from} (a log pipe) in Tend; containers do not share pipes";
        if (p.ProgramGroup is { } group && group != p.Name) yield return $"group {group}: started, stopped and addressed (GROUP:*) together in Tend; here each on its own";
        foreach (var (key, value) in p.Environment.Where(e => !sharedNetwork && LocalAddress().IsMatch(e.Value)))
            yield return $"environment {key}={value} points at this container; another program is now in another container: use its service name";
        foreach (var d in p.DependsOn.Where(d => d.EvenIfFailed))
            yield return $"depends_on {d.Program} also when it failed (s6-overlay's CMD) has no equivalent; it waits for success here";
    }

    /// <summary>The TCP ports of a program's <c>sockets:</c>, which the export maps to the container's ports.</summary>
    public static IEnumerable<int> SocketPorts(ProgramSpec p) => p.Sockets.Where(s => !s.IsUnix).Select(s => s.Port).Distinct();

    /// <summary>
    /// The config without the programs that cannot run on their own (event listeners, runit/s6
    /// loggers: see <see cref="Convert.ConfigToYaml.Skipped"/>), and without dependencies on them;
    /// each one left out is passed to <paramref name="note"/> (subject, text).
    /// </summary>
    public static TendConfig WithoutDependentPrograms(TendConfig config, Action<string, string> note)
    {
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in config.Programs)
            if (Convert.ConfigToYaml.Skipped(p) is { } why)
            {
                skipped.Add(p.Name);
                note(p.Name, $"program {p.Name} is not exported: {why}");
            }
        if (skipped.Count == 0) return config;
        return config with
        {
            Programs = config.Programs.Where(p => !skipped.Contains(p.Name))
                .Select(p => p with { DependsOn = p.DependsOn.Where(d => !skipped.Contains(d.Program)).ToList() }).ToList(),
        };
    }

    /// <summary>Config-wide settings: control socket, HTTP listener, shutdown commands, daemon settings.</summary>
    public static IEnumerable<string> OfConfig(TendConfig c)
    {
        if (c.Socket is { } socket) yield return $"control socket {socket}: each container has its own Tend";
        if (c.Http is { } http) yield return $"HTTP listener {http} (/healthz, /metrics): each container would need its own";
        foreach (var s in c.ShutdownCommands) yield return $"shutdown command {Join(s.Command)} has no equivalent";
        if (c.Supervisord is not null) yield return "supervisord daemon settings ([supervisord], [unix_http_server], ...) are not exported";
        if (c.S6 is not null) yield return "s6-overlay S6_* settings are not exported";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(^|[^0-9.])(127\.0\.0\.1|localhost)([^0-9.]|$)")]
    private static partial System.Text.RegularExpressions.Regex LocalAddress();

    private static string Join(IReadOnlyList<string> argv) => string.Join(' ', argv.Select(a => a.Contains(' ') ? $"'{a}'" : a));
}
