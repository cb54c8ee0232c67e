using System.CommandLine;
using Tend.Config;
using Tend.Logging;
using Tend.Logging.History;
using Tend.Model;
using Tend.Supervision;

namespace Tend.Cli.Commands;

/// <summary>`tend run [CONFIG] [-- CMD ARGS...]`: supervise the configured programs (and CMD as the main one).</summary>
internal static class RunCommand
{
    private static readonly string[] DefaultConfigs = ["/etc/tend/tend.yaml", "tend.yaml"];

    public static Command Create(string[] tail)
    {
        var config = new Argument<string?>("CONFIG")
        {
            Description = "Configuration file (default: /etc/tend/tend.yaml, then ./tend.yaml)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var logFormat = Common.LogFormat();
        var killGrace = new Option<double>("--kill-grace")
        {
            Description = "Seconds leftover processes get between TERM and KILL at shutdown",
            DefaultValueFactory = _ => 3,
        };
        var socket = ControlCommands.SocketOption();
        socket.Description = $"Control socket for `tend ctl` (default: socket: in the config, $TEND_SOCKET, then {ControlCommands.DefaultSocket}; \"none\" disables it)";
        var http = new Option<string?>("--http")
        {
            Description = "Serve /healthz, /readyz and /metrics over HTTP on ADDR:PORT (default: http: in the config, else off)",
        };
        var command = new Command("run", "Supervise the programs of a configuration; after --, a main program whose exit ends Tend")
        {
            config, logFormat, killGrace, socket, http,
        };
        command.SetAction(parsed => Run(parsed.GetValue(config), tail, Common.ParseLogFormat(parsed.GetValue(logFormat)!),
            TimeSpan.FromSeconds(parsed.GetValue(killGrace)), parsed.GetValue(socket), parsed.GetValue(http)));
        return command;
    }

    private static int Run(string? configPath, string[] tail, LogFormat format, TimeSpan killGrace, string? socketOption, string? httpOption)
    {
        Posix.Fd.MarkInheritedCloseOnExec();
        var env = Common.Environment();
        var programs = new List<ProgramSpec>();
        string? configSocket = null, configHttp = null;
        SupervisordSettings? supervisord = null;
        var layout = ConfigLayout.Yaml;
        configPath ??= DefaultConfigs.FirstOrDefault(File.Exists);
        if (configPath is not null)
        {
            var result = ConfigLoader.Load(configPath, env);
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d);
            if (result.HasErrors || result.Config is null) return ExitCodes.Usage;
            programs.AddRange(result.Config.Programs);
            configSocket = result.Config.Socket;
            configHttp = result.Config.Http;
            supervisord = result.Config.Supervisord;
            layout = result.Config.Layout;
        }
        else if (tail.Length == 0)
        {
            Console.Error.WriteLine($"tend: no configuration: none given, and neither {string.Join(" nor ", DefaultConfigs)} exists");
            return ExitCodes.Usage;
        }

        if (tail.Length > 0) programs.Add(MainFromCommandLine(tail, programs));

        var history = new LogHistory();
        var logs = new LogMux(new LogOptions { Format = format }, programs.Select(p => p.Name), history);
        int code;
        Supervisord.ConfigReader? reload = configPath is null ? null : () =>
        {
            var again = ConfigLoader.Load(configPath, Common.Environment());
            if (again.HasErrors || again.Config is null)
                return (null, again.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList());
            var list = again.Config.Programs.ToList();
            if (tail.Length > 0) list.Add(MainFromCommandLine(tail, list));
            return (list, []);
        };
        using (var supervisor = new Supervisor(new TendConfig { Programs = programs, Source = configPath },
                   new SupervisorOptions { Logs = logs, KillGrace = killGrace, Environment = env, Reload = reload is null ? null : () => reload() }))
        {
            using var control = ControlPlane.Open(supervisor, logs, history,
                socketOption ?? configSocket ?? ControlCommands.SocketPath(null), httpOption ?? configHttp, supervisord, reload);
            // A runit tree: runsv's supervise/ directories, so the real sv works (released after the loop ends).
            using var runit = layout == ConfigLayout.Runit ? Runit.RunitSupervision.Start(supervisor, programs, logs) : null;
            code = supervisor.Run();
            logs.Event($"exiting with code {code}");
        }
        logs.Complete(TimeSpan.FromSeconds(2));
        return code;
    }

    /// <summary>The command after --, like s6-overlay's CMD: the main program, run once.</summary>
    private static ProgramSpec MainFromCommandLine(string[] argv, List<ProgramSpec> others)
    {
        foreach (var p in others.Where(p => p.Main))
            Console.Error.WriteLine($"tend: warning: \"{p.Name}\" is marked main, but the command after -- takes that role");
        var name = Path.GetFileName(argv[0]);
        if (!ProgramNames.IsValid(name) || others.Any(p => p.Name == name)) name = "main";
        for (var i = 0; i < others.Count; i++)
            if (others[i].Main) others[i] = others[i] with { Main = false };
        return new ProgramSpec
        {
            Name = name,
            Command = argv,
            Main = true,
            Restart = RestartPolicy.Never,
            StartSeconds = TimeSpan.Zero,
        };
    }
}
