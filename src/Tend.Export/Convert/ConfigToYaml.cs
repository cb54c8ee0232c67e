using Tend.Config;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Export.Convert;

/// <summary>
/// `tend convert CONFIG --to yaml`: any configuration Tend reads (supervisord.conf, s6-overlay
/// root, runit tree, tend.yaml) written back as a tend.yaml that loads to the same programs. Only
/// values that differ from tend.yaml's defaults are written, under the keys of
/// <see cref="ConfigKeys"/>; what tend.yaml has no key for (finish scripts, log files, event
/// listeners, s6's notification-fd, ...) becomes a comment next to the program and a warning, so the
/// reader sees what the converted file will not do.
/// </summary>
public static class ConfigToYaml
{
    private static readonly ProgramSpec Defaults = new() { Name = "defaults", Command = [] };
    private static readonly ProbeSpec ProbeDefaults = new() { Kind = ProbeKind.Exec };

    public static ExportResult Convert(TendConfig config, IEnumerable<ProgramSpec>? only = null)
    {
        var unmapped = new Unmapped(config);
        var root = new YamlMap();
        if (config.Source is { } source) root.Comment($"converted by `tend convert` from {source} ({config.Layout})");
        if (config.Socket is { } socket) root.Add(ConfigKeys.Socket, Value(socket));
        if (config.Http is { } http) root.Add(ConfigKeys.Http, Value(http));
        foreach (var s in config.ShutdownCommands)
            unmapped.Note(root, "config", $"shutdown command {string.Join(' ', s.Command)} (cont-finish.d) has no tend.yaml key; run it from the main program's exit");
        if (config.Supervisord is not null)
            root.Comment("tend: the [supervisord], [unix_http_server] and [supervisorctl] settings are the drop-in's; tend.yaml has socket: and http: instead");
        if (config.S6 is not null)
            root.Comment("tend: S6_* settings apply to the s6-overlay layout only");
        FixAttrsLeftovers.Note(config, root, unmapped);

        var programs = new YamlMap();
        root.Add(ConfigKeys.Programs, programs);
        var skipped = config.Programs.Where(p => Skipped(p) is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var p in only ?? config.Programs)
        {
            if (Skipped(p) is { } why) unmapped.Note(programs, p.Name, $"program {p.Name} is not converted: {why}");
            else
            {
                var program = Program(p with { DependsOn = p.DependsOn.Where(d => !skipped.Contains(d.Program)).ToList() }, unmapped);
                foreach (var d in p.DependsOn.Where(d => skipped.Contains(d.Program)))
                    unmapped.Note(program, p.Name, $"depends_on {d.Program} is dropped with it");
                programs.Add(p.Name, program);
            }
        }
        Groups(root, (only ?? config.Programs).Where(p => !skipped.Contains(p.Name)));
        if (config.Jobs.Count > 0)
            unmapped.Note(root, "config", $"{config.Jobs.Count} scheduled job(s) are not written: give the crontab with `tend run --crontab FILE`");
        return new ExportResult(YamlWriter.Write(root), unmapped.Warnings);
    }

    private static YamlMap Program(ProgramSpec p, Unmapped unmapped)
    {
        var m = new YamlMap();
        m.Add(ConfigKeys.Command, YamlSeq.Strings(p.Command.Select(Escape)));
        if (p.Environment.Count > 0)
        {
            var env = m.Map(ConfigKeys.Environment);
            foreach (var (key, value) in p.Environment) env.Add(key, Value(value));
        }
        if (p.WorkingDir is { } dir) m.Add(ConfigKeys.WorkingDir, Value(dir));
        if (p.User is { } user) m.Add(ConfigKeys.User, Value(user));
        if (p.Group is { } group) m.Add(ConfigKeys.Group, Value(group));
        if (p.Umask is { } umask) m.Add(ConfigKeys.Umask, System.Convert.ToString(umask, 8).PadLeft(3, '0'));
        var restart = p.Kind == ProgramKind.Oneshot ? RestartPolicy.Never : p.Restart;
        if (restart != Defaults.Restart) m.Add(ConfigKeys.Restart, restart == RestartPolicy.Never ? "never" : "on-failure");
        if (p.Kind == ProgramKind.Oneshot)
            m.Comment("tend: a oneshot (runs once): written as restart: never; completed_successfully dependents wait for it");
        if (!p.ExitCodes.SequenceEqual(Defaults.ExitCodes))
            m.Add(ConfigKeys.ExitCodes, new YamlSeq { Flow = true }.AddAll(p.ExitCodes.Select(c => YamlScalar.Number(c))));
        if (p.StartSeconds != Defaults.StartSeconds) m.Add(ConfigKeys.StartSeconds, Durations.Format(p.StartSeconds));
        if (p.StartRetries != Defaults.StartRetries) m.Add(ConfigKeys.StartRetries, p.StartRetries);
        if (p.Backoff != Defaults.Backoff)
        {
            var b = m.Map(ConfigKeys.Backoff);
            b.Add(ConfigKeys.BackoffInitial, Durations.Format(p.Backoff.Initial));
            b.Add(ConfigKeys.BackoffMax, Durations.Format(p.Backoff.Max));
            if (p.Backoff.Reset is { } reset) b.Add(ConfigKeys.BackoffReset, Durations.Format(reset));
        }
        if (p.StopSignal != Defaults.StopSignal) m.Add(ConfigKeys.StopSignal, Signal(p.StopSignal));
        if (p.StopTimeout != Defaults.StopTimeout) m.Add(ConfigKeys.StopTimeout, Durations.Format(p.StopTimeout));
        if (p.Priority != Defaults.Priority) m.Add(ConfigKeys.Priority, p.Priority);
        if (p.Main) m.Add(ConfigKeys.Main, true);
        if (p.Critical) m.Add(ConfigKeys.Critical, true);
        if (!p.AutoStart) m.Add(ConfigKeys.AutoStart, false);
        if (!p.LogPrefix) m.Add(ConfigKeys.LogPrefix, false);
        if (p.ForwardSignals.Count > 0) m.Add(ConfigKeys.ForwardSignals, YamlSeq.Strings(p.ForwardSignals.Select(Signal)));
        if (p.DependsOn.Count > 0)
        {
            var deps = m.Map(ConfigKeys.DependsOn);
            foreach (var d in p.DependsOn)
            {
                deps.Add(d.Program, new YamlMap().Add(ConfigKeys.Condition, ConfigWords.Condition(d.Condition)));
                if (d.EvenIfFailed)
                    unmapped.Note(deps, p.Name, $"depends_on {d.Program} is also satisfied when it fails (s6-overlay S6_BEHAVIOUR_IF_STAGE2_FAILS); tend.yaml waits for success");
            }
        }
        if (p.OnDependencyFailure != Defaults.OnDependencyFailure) m.Add(ConfigKeys.OnDependencyFailure, "stop");
        if (p.RestartWith.Count > 0) m.Add(ConfigKeys.RestartWith, YamlSeq.Strings(p.RestartWith));
        if (p.Readiness is { } readiness) m.Add(ConfigKeys.Readiness, Probe(readiness));
        if (p.Liveness is { } liveness) m.Add(ConfigKeys.Liveness, Probe(liveness));
        if (p.Startup is { } startup) m.Add(ConfigKeys.Startup, Probe(startup));
        if (p.ReadyLogLine is { } readyLine) m.Add(ConfigKeys.ReadyLogLine, Value(readyLine));
        if (!p.CountsForHealth) m.Add(ConfigKeys.Health, "ignore");
        if (p.SdNotify) m.Add(ConfigKeys.Notify, "systemd");
        if (p.Sockets.Count > 0) m.Add(ConfigKeys.Sockets, YamlSeq.Strings(p.Sockets.Select(s => s.ToText(p.Name))));
        if (p.Persistent.Count > 0) m.Add(ConfigKeys.Persistent, YamlSeq.Strings(p.Persistent.Select(Escape)));
        Output(m, ConfigKeys.Stdout, p.Stdout, ConsoleStream.Stdout);
        if (p.RedirectStderr) m.Add(ConfigKeys.MergeStderr, true);
        else Output(m, ConfigKeys.Stderr, p.Stderr, ConsoleStream.Stderr);
        if (p.StopAsGroup != Defaults.StopAsGroup) m.Add(ConfigKeys.StopAsGroup, p.StopAsGroup);
        if (p.KillAsGroup != Defaults.KillAsGroup) m.Add(ConfigKeys.KillAsGroup, p.KillAsGroup);
        ResourceKeys.AddToTendYaml(m, p);
        foreach (var text in BeyondYaml(p)) unmapped.Note(m, p.Name, text);
        return m;
    }

    /// <summary>
    /// Programs that only make sense with what tend.yaml cannot express: an event listener reads
    /// supervisord events on stdin, a runit/s6 logger reads another program's output. As ordinary
    /// programs both would see /dev/null, exit at once and restart forever, so they are left out.
    /// </summary>
    internal static string? Skipped(ProgramSpec p) =>
        p.EventListener is not null ? "a supervisord event listener has no events to read outside the supervisord drop-in"
        : p.StdinFrom is { } from ? $"it logs {from}'s output through a pipe; in tend.yaml {from}'s output goes to Tend's log instead"
        : null;

    /// <summary>stdout: or stderr:, with only what differs from tend.yaml's default (the stream of the same name, no file).</summary>
    private static void Output(YamlMap m, string key, LogOutputSpec o, ConsoleStream natural)
    {
        if (o.Console == natural && o.File is null) return;
        var map = m.Map(key);
        if (o.Console != natural) map.Add(ConfigKeys.LogConsole, o.Console switch { ConsoleStream.Stdout => "stdout", ConsoleStream.Stderr => "stderr", _ => "none" });
        if (o.File is not { } file) return;
        map.Add(ConfigKeys.LogFile, Value(file.Path));
        if (file.MaxBytes != LogFileSpec.DefaultMaxBytes) map.Add(ConfigKeys.LogMaxSize, ByteSizes.Format(file.MaxBytes));
        if (file.Backups != LogFileSpec.DefaultBackups) map.Add(ConfigKeys.LogBackups, file.Backups);
    }

    /// <summary>groups: for every group that is more than the program of its name (supervisord's [group:x] and numprocs).</summary>
    private static void Groups(YamlMap root, IEnumerable<ProgramSpec> programs)
    {
        var groups = programs.Where(p => p.ProgramGroup is { } g && g != p.Name).GroupBy(p => p.ProgramGroup!, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) return;
        var map = root.Map(ConfigKeys.Groups);
        foreach (var group in groups)
            map.Add(group.Key, new YamlMap().Add(ConfigKeys.GroupPrograms, new YamlSeq { Flow = true }.AddAll(group.Select(p => YamlScalar.String(p.Name)))));
    }

    /// <summary>What a supervisord program or a service directory sets that tend.yaml has no key for.</summary>
    private static IEnumerable<string> BeyondYaml(ProgramSpec p)
    {
        if (p.Stdout.Events || p.Stderr.Events)
            yield return "stdout_events_enabled / stderr_events_enabled have no tend.yaml key: there are no event listeners outside the supervisord drop-in";
        if (p.EventListener is { } listener)
            yield return $"supervisord event listener ({string.Join(", ", listener.Events)}) has no tend.yaml key: keep it in supervisord.conf";
        if (p.FinishCommand is { } finish) yield return $"finish script {string.Join(' ', finish)} has no tend.yaml key";
        if (p.DownCommand is { } down) yield return $"down script {string.Join(' ', down)} has no tend.yaml key";
        if (p.DownTimeout is { } downTimeout) yield return $"timeout-down {Durations.Format(downTimeout)} has no tend.yaml key";
        if (p.StartTimeout is { } startTimeout) yield return $"timeout-up {Durations.Format(startTimeout)} has no tend.yaml key";
        if (p.NotificationFd is { } fd) yield return $"notification-fd {fd} has no tend.yaml key; give it a readiness probe";
        if (p.ServiceDirectory is { } serviceDir) yield return $"service directory {serviceDir}: `sv`/`s6-svc` on it will not work";
    }

    private static YamlMap Probe(ProbeSpec probe)
    {
        var m = new YamlMap();
        _ = probe.Kind switch
        {
            ProbeKind.Http => m.Add(ConfigKeys.ProbeHttp, Value(probe.Url ?? "")),
            ProbeKind.Tcp => m.Add(ConfigKeys.ProbeTcp, Value(probe.Address ?? "")),
            _ => m.Add(ConfigKeys.ProbeExec, YamlSeq.Strings(probe.Command.Select(Escape))),
        };
        if (probe.Interval != ProbeDefaults.Interval) m.Add(ConfigKeys.ProbeInterval, Durations.Format(probe.Interval));
        if (probe.Timeout != ProbeDefaults.Timeout) m.Add(ConfigKeys.ProbeTimeout, Durations.Format(probe.Timeout));
        if (probe.InitialDelay != ProbeDefaults.InitialDelay) m.Add(ConfigKeys.ProbeInitialDelay, Durations.Format(probe.InitialDelay));
        if (probe.FailureThreshold != ProbeDefaults.FailureThreshold) m.Add(ConfigKeys.ProbeFailureThreshold, probe.FailureThreshold);
        if (probe.SuccessThreshold != ProbeDefaults.SuccessThreshold) m.Add(ConfigKeys.ProbeSuccessThreshold, probe.SuccessThreshold);
        if (probe.InsecureSkipVerify) m.Add(ConfigKeys.ProbeInsecureSkipVerify, true);
        return m;
    }

    /// <summary>The name when it reads back as the same signal; otherwise the number.</summary>
    private static string Signal(int signal)
    {
        var name = Signals.Name(signal);
        return Signals.TryParse(name, out var back) && back == signal ? name : signal.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>tend.yaml expands ${VAR} in values: a literal one is written $${VAR}; a kept reference as it was written.</summary>
    private static string Escape(string value) =>
        ExportedVariables.Rewrite(value, t => t.Replace("${", "$${", StringComparison.Ordinal), (_, written) => written);

    private static YamlScalar Value(string value) => YamlScalar.String(Escape(value));
}
