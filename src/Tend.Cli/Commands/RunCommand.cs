using System.CommandLine;
using Tend.Config;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend run [CONFIG] [-- CMD ARGS...]`: supervise the configured programs (and CMD as the main one).
/// CONFIG may be a file, a runit tree (a directory of service directories) or an s6-overlay root;
/// `tend run --root DIR [-- CMD ARGS...]` reads the s6-overlay layout under DIR with CMD as its CMD.
/// </summary>
internal static class RunCommand
{
    private static readonly string[] DefaultConfigs = ["/etc/tend/tend.yaml", "tend.yaml"];
    private static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(3);

    public static Command Create(string[] tail)
    {
        var config = new Argument<string?>("CONFIG")
        {
            Description = "Configuration file, or a directory of runit service directories (default: /etc/tend/tend.yaml, then ./tend.yaml)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var logFormat = Common.LogFormat();
        var killGrace = OptionValues.Duration("--kill-grace",
            "How long leftover processes get between TERM and KILL at shutdown (seconds, or 500ms, 1m...)", DefaultKillGrace);
        var socket = OptionValues.SocketPath("--socket",
            $"Control socket for `tend ctl` (default: socket: in the config, $TEND_SOCKET, then {ControlCommands.DefaultSocket}; \"none\" disables it)",
            allowNone: true);
        var http = OptionValues.Address("--http",
            "Serve /healthz, /readyz and /metrics over HTTP on ADDR:PORT (default: http: in the config, else off)", "127.0.0.1:9090 (0.0.0.0:9090 listens on every interface)");
        var root = Common.RootOption();
        var (crontab, systemCrontab, crontabDialect) = (Common.CrontabOption(), Common.SystemCrontabOption(), Common.CrontabDialectOption());
        var command = new Command("run", "Supervise the programs of a configuration; after --, a main program whose exit ends Tend")
        {
            config, logFormat, killGrace, socket, http, root, crontab, systemCrontab, crontabDialect,
        };
        command.SetAction(parsed =>
        {
            var rootDir = parsed.GetValue(root);
            if (rootDir is not null && parsed.GetValue(config) is not null)
            {
                Console.Error.WriteLine("tend: give either CONFIG or --root, not both");
                return ExitCodes.Usage;
            }
            if (Common.CrontabOf(parsed, crontab, systemCrontab, crontabDialect, out var cron) is { } usage)
            {
                Console.Error.WriteLine(usage);
                return ExitCodes.Usage;
            }
            return Run(parsed.GetValue(config), rootDir, tail, Common.ParseLogFormat(parsed.GetValue(logFormat)!),
                parsed.GetValue(killGrace) ?? DefaultKillGrace, parsed.GetValue(socket), parsed.GetValue(http), cron);
        });
        return command;
    }

    private static int Run(string? configPath, string? s6Root, string[] tail, LogFormat format, TimeSpan killGrace, string? socketOption, string? httpOption,
        CrontabSource? crontab)
    {
        Posix.Fd.MarkInheritedCloseOnExec();
        var env = Common.Environment();
        // `tend run --crontab FILE` alone is supercronic's job: no default configuration is looked for.
        if (s6Root is null && crontab is null) configPath ??= DefaultConfigs.FirstOrDefault(File.Exists);
        // With --root the CMD is s6-overlay's, inside the layout; otherwise the pipeline adds it as the main program.
        var sources = new ConfigSources { Path = configPath, S6Root = s6Root, Command = tail, Crontab = crontab };
        if (!sources.HasConfiguration && tail.Length == 0)
        {
            Console.Error.WriteLine($"tend: no configuration: none given, and neither {string.Join(" nor ", DefaultConfigs)} exists");
            return ExitCodes.Usage;
        }
        if (s6Root is not null && Stage2Hook.Run(env) is { } hookFailed) return hookFailed;
        StartupTrace.Mark("run");
        // fix-attrs.d, before anything of the tree runs (s6-overlay applies it before cont-init.d).
        if (s6Root is not null && FixAttrs.RunDirectory(s6Root, env) is { } fixFailed) return fixFailed;
        var result = ConfigPipeline.Load(sources, env, SystemAccounts.Instance);
        StartupTrace.Mark("configuration loaded");
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(format == LogFormat.Json ? AsJson(d) : d.ToString());
        if (result.HasErrors || result.Config is null) return ExitCodes.Usage;
        var loaded = result.Config;
        var programs = loaded.Programs;
        if (RaiseLimits(loaded.Supervisord) is { } limitFailed) return limitFailed;

        var history = new LogHistory();
        var logs = new LogMux(new LogOptions { Format = format, OutputBufferBytes = loaded.LogBuffer }, programs.Select(p => p.Name).Concat(loaded.Jobs.Select(j => j.Name)), history);
        StartupTrace.Mark("logging set up");
        IReadOnlyList<JobSpec> reloadedJobs = loaded.Jobs;
        int code;
        // A reload runs the same pipeline on the same sources: the CMD and the crontab come back as they were.
        Tend.Supervisord.Server.ConfigReader? reload = !sources.HasConfiguration ? null : () =>
        {
            var again = ConfigPipeline.Load(sources, Common.Environment(), SystemAccounts.Instance);
            if (again.HasErrors || again.Config is null)
                return (null, again.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList());
            reloadedJobs = again.Config.Jobs;
            return (again.Config.Programs, []);
        };
        var options = new SupervisorOptions
        {
            Logs = logs, KillGrace = killGrace, Environment = env, Reload = reload is null ? null : () => reload(),
            ReloadedJobs = reload is null ? null : () => reloadedJobs,
            ReleaseUnusedPages = true,
            HangupExitCode = Personality.IsRunsvdir ? Personality.RunsvdirHangupExitCode : null,
        };
        using (var supervisor = new Supervisor(loaded with { Source = loaded.Source ?? configPath }, options))
        {
            StartupTrace.Mark("supervisor built");
            using var control = ControlPlane.Open(supervisor, logs, history,
                socketOption ?? loaded.Socket, httpOption ?? loaded.Http, loaded.Supervisord, reload, loaded.HttpAuth);
            // A runit tree: runsv's supervise/ directories, so the real sv works (released after the loop ends).
            using var runit = loaded.Layout == ConfigLayout.Runit ? Tend.Runit.Supervise.RunitSupervision.Start(supervisor, programs, logs) : null;
            using var pidFile = PidFile.Write(loaded.Supervisord?.PidFile, logs);
            StartupTrace.Mark("control plane open");
            code = supervisor.Run();
            logs.Event($"exiting with code {code}");
        }
        logs.Complete(LogMux.ExitFlushLimit);
        return code;
    }

    /// <summary>[supervisord] minfds and minprocs, raised before anything starts; as supervisord, Tend does not start when it cannot.</summary>
    private static int? RaiseLimits(SupervisordSettings? settings)
    {
        foreach (var (key, value, resource) in new[] { ("minfds", settings?.MinFds, Posix.OwnLimits.OpenFiles), ("minprocs", settings?.MinProcs, Posix.OwnLimits.Processes) })
        {
            if (value is not { } minimum || minimum <= 0) continue;
            if (Posix.OwnLimits.RaiseTo(resource, (ulong)minimum) is { } why)
            {
                Console.Error.WriteLine($"tend: [supervisord] {key}={minimum}: {why}; raise it for the container (docker run --ulimit) or lower {key}");
                return ExitCodes.Usage;
            }
        }
        return null;
    }

    /// <summary>A configuration warning or error under --log-format json: an object like Tend's other lines, with its parts as fields.</summary>
    private static string AsJson(Diagnostic d) =>
        SelfEventJson.Format("tend", LogStream.Stderr, d.ToString(),
        [
            ("level", d.Severity == Severity.Error ? "error" : "warning"), ("location", d.Location?.ToString()),
            ("message", d.Message), ("hint", d.Hint),
        ]);
}
