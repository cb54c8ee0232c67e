using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// An s6-overlay v3 root to the model, in the order of its stage 2:
/// <list type="number">
/// <item>etc/cont-init.d scripts: oneshots "cont-init-NAME", each waiting for the previous one to complete successfully;</item>
/// <item>etc/s6-overlay/s6-rc.d sources (<see cref="S6RcGraph"/>), all after the last cont-init script;</item>
/// <item>etc/services.d/NAME longruns (and "NAME-log" loggers), after the last cont-init script;</item>
/// <item>the CMD (argv after --) as the main program "cmd", after everything that starts, whose exit code is the container's;</item>
/// <item>etc/cont-finish.d scripts as shutdown commands.</item>
/// </list>
/// S6_* variables come from the environment given (<see cref="S6EnvironmentReader"/>); with-contenv
/// and S6_KEEP_ENV decide each program's environment (<see cref="S6ContainerEnvironment"/>), and
/// S6_LOGGING where its output goes (<see cref="S6CatchAllLog"/>).
/// </summary>
public static class S6OverlayReader
{
    public const string CmdName = "cmd";
    public const string ContInitPrefix = "cont-init-";
    public const string ContFinishPrefix = "cont-finish-";

    /// <summary>The signals s6-overlay diverts to the CMD with S6_CMD_RECEIVE_SIGNALS=1.</summary>
    private static readonly int[] CmdSignals =
        [Signals.SIGTERM, Signals.SIGQUIT, Signals.SIGINT, Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGPWR, Signals.SIGWINCH];

    /// <param name="root">The filesystem root holding etc/ ("/" in a container).</param>
    /// <param name="cmd">The container's CMD; null or empty: none, the container runs until stopped.</param>
    /// <param name="environment">The container's environment (the S6_* settings are read from it).</param>
    public static ConfigResult Read(string root, IReadOnlyList<string>? cmd, IReadOnlyDictionary<string, string> environment)
    {
        var diagnostics = new DiagnosticBag();
        var full = Path.GetFullPath(root);
        var etc = Path.Combine(full, "etc");
        var settings = S6EnvironmentReader.Read(environment, diagnostics);
        var programs = new List<ProgramSpec>();
        // A tree without etc/s6-overlay is v2-style: v2 made its scripts executable itself (V2ScriptRunner).
        var v2 = !Directory.Exists(Path.Combine(etc, "s6-overlay"));

        var inits = ContInit(Path.Combine(etc, "cont-init.d"), settings, diagnostics, v2);
        programs.AddRange(inits);
        IReadOnlyList<DependencySpec> afterContInit = inits.Count == 0 ? [] : [S6RcGraph.UpCondition(inits[^1])];

        var servicesStop = settings.ServicesGraceTime + settings.KillGraceTime;
        var services = new List<ProgramSpec>();
        foreach (var name in ServiceDirFiles.Names(Path.Combine(etc, "services.d"), directories: true))
            services.AddRange(LongrunReader.Read(name, Path.Combine(etc, "services.d", name), FinishStyle.S6, servicesStop, diagnostics, v2));
        services = services.Select(s => s with { DependsOn = [.. afterContInit, .. s.DependsOn] }).ToList();
        IReadOnlyList<DependencySpec> afterServices = services.Select(s => S6RcGraph.UpCondition(s)).ToList();

        var overlay = Path.Combine(etc, "s6-overlay");
        var sources = S6RcSourceReader.Read(Path.Combine(overlay, "s6-rc.d"), Path.Combine(overlay, "user-bundles.d"), settings.KillGraceTime, diagnostics);
        var atoms = new S6RcGraph(sources, afterContInit, afterServices, diagnostics).Resolve();
        programs.AddRange(atoms);
        programs.AddRange(services);

        if (Cmd(cmd, settings, programs, diagnostics) is { } main) programs.Add(main);
        UniqueNames.CheckServiceDirs(programs, diagnostics);

        var shutdown = ScriptDirReader.Read(Path.Combine(etc, "cont-finish.d"), diagnostics, v2)
            .Select(s => new ShutdownCommand { Name = ContFinishPrefix + s.Name, Command = s.Command, Timeout = settings.KillFinishMaxTime, DefinedAt = s.At })
            .ToList();

        // with-contenv and S6_KEEP_ENV, then S6_LOGGING, once every program is known.
        var minimal = S6ContainerEnvironment.Minimal(environment);
        programs = programs.Select(p => S6ContainerEnvironment.Apply(p, settings, minimal)).ToList();
        shutdown = shutdown.Select(c => S6ContainerEnvironment.Apply(c, settings, minimal)).ToList();
        settings = settings with { CatchAllDirectory = Path.Combine(full, S6CatchAllLog.Directory) };
        programs = programs.Select(p => S6CatchAllLog.Route(p, settings)).ToList();
        shutdown = shutdown.Select(c => S6CatchAllLog.Route(c, settings)).ToList();

        if (programs.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Warning(null, $"'{full}' holds no s6-overlay services and no CMD was given", "s6-overlay reads etc/cont-init.d, etc/services.d and etc/s6-overlay/s6-rc.d under the root");
        var config = diagnostics.HasErrors
            ? null
            : new TendConfig { Programs = programs, Source = full, Layout = ConfigLayout.S6Overlay, S6 = settings, ShutdownCommands = shutdown, FixAttrsFiles = FixAttrsFiles(etc) };
        return new ConfigResult(config, diagnostics.ToSortedList());
    }

    /// <summary>True when <paramref name="root"/> has any of the directories s6-overlay reads.</summary>
    public static bool LooksLikeRoot(string root) =>
        ((string[])["cont-init.d", "services.d", "s6-overlay/s6-rc.d"]).Any(d => Directory.Exists(Path.Combine(root, "etc", d)));

    private static readonly IReadOnlyList<int> AnyExitCode = Enumerable.Range(0, 256).ToArray();

    private static List<ProgramSpec> ContInit(string dir, S6Settings settings, DiagnosticBag diagnostics, bool v2)
    {
        var programs = new List<ProgramSpec>();
        foreach (var (name, command, at) in ScriptDirReader.Read(dir, diagnostics, v2))
        {
            var programName = ContInitPrefix + name;
            if (!ProgramNames.IsValid(programName))
            {
                diagnostics.Error(at, $"the cont-init.d script '{name}' gives the program name '{programName}', which Tend cannot use", ProgramNames.Rule);
                continue;
            }
            programs.Add(ServiceDirDefaults.Oneshot(programName, command, at) with
            {
                DependsOn = programs.Count == 0 ? [] : [S6RcGraph.UpCondition(programs[^1])],
                // S6_BEHAVIOUR_IF_STAGE2_FAILS=2: a failed init script stops the container. Below 2,
                // s6-overlay goes on to the next script whatever the code (1 warns; the runtime does).
                Critical = settings.Stage2Failure == S6Stage2Failure.Stop,
                ExitCodes = settings.Stage2Failure == S6Stage2Failure.Stop ? [0] : AnyExitCode,
            });
        }
        return programs;
    }

    /// <summary>The CMD waits for everything that starts, as s6-overlay runs it only once stage 2 is done.</summary>
    private static ProgramSpec? Cmd(IReadOnlyList<string>? cmd, S6Settings settings, List<ProgramSpec> programs, DiagnosticBag diagnostics)
    {
        if (cmd is null || cmd.Count == 0) return null;
        // with-contenv stays in front: S6ContainerEnvironment decides the CMD's environment by it.
        var argv = settings.CmdArg0.Concat(cmd).ToList();
        if (argv.All(w => Path.GetFileName(w) == "with-contenv"))
        {
            diagnostics.Error(null, "the CMD is only with-contenv", "give the program to run after it");
            return null;
        }
        // With S6_BEHAVIOUR_IF_STAGE2_FAILS 0 or 1, s6-overlay runs the CMD even when stage 2 failed:
        // the CMD then waits for everything to settle, a failure included.
        var evenIfFailed = settings.Stage2Failure != S6Stage2Failure.Stop;
        var deps = programs.Where(p => p.AutoStart).Select(p =>
            (settings.CmdWaitForServices && p.Kind == ProgramKind.Longrun
                ? new DependencySpec(p.Name, DependencyCondition.Ready)
                : S6RcGraph.UpCondition(p)) with { EvenIfFailed = evenIfFailed }).ToList();
        return MainProgram.Of(CmdName, argv) with
        {
            StartRetries = 0,
            StopTimeout = settings.KillGraceTime,
            DependsOn = deps,
            ForwardSignals = settings.CmdReceiveSignals ? CmdSignals : [],
        };
    }

    /// <summary>etc/fix-attrs.d's files in name order, for `tend convert` to name (`tend run` applies them from the root).</summary>
    private static IReadOnlyList<string> FixAttrsFiles(string etc)
    {
        var dir = Path.Combine(etc, "fix-attrs.d");
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal).ToList() : [];
    }
}
