using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// One runit or s6 service directory to programs: the service itself and, when it has
/// <c>log/run</c>, its logger, named <see cref="LogName"/>, whose stdin is the service's stdout.
/// The service depends on its logger having started, so the logger starts first and stops last
/// and no line is written into a pipe nobody reads (runsv starts log/ first for the same reason).
/// </summary>
internal static class LongrunReader
{
    /// <summary>The logger of service NAME is the program "NAME-log".</summary>
    public static string LogName(string service) => service + "-log";

    /// <param name="name">Program name (the directory name).</param>
    /// <param name="dir">The service directory, as it will be run (a symlink is kept as the path).</param>
    /// <param name="style">Whose conventions: runsv's or s6-supervise's.</param>
    /// <param name="defaultStopTimeout">When nothing in the directory says how long a stop may take.</param>
    /// <param name="diagnostics">Where what cannot be read is reported.</param>
    /// <param name="runsWithoutExecuteBit">
    /// An s6-overlay v2-style tree or an s6-rc source tree, whose run and finish need no execute bit
    /// (s6-overlay v2 and s6-rc-compile set it themselves; see <see cref="V2ScriptRunner"/>).
    /// </param>
    public static List<ProgramSpec> Read(string name, string dir, FinishStyle style, TimeSpan defaultStopTimeout, DiagnosticBag diagnostics, bool runsWithoutExecuteBit = false)
    {
        var programs = new List<ProgramSpec>();
        var v2 = runsWithoutExecuteBit;
        var service = ReadOne(name, dir, style, defaultStopTimeout, diagnostics, v2);
        if (service is null) return programs;

        var logDir = Path.Combine(dir, "log");
        if (Directory.Exists(logDir))
        {
            var logger = ReadOne(LogName(name), logDir, style, defaultStopTimeout, diagnostics, v2);
            if (logger is not null)
            {
                programs.Add(logger with { StdinFrom = name });
                service = service with { DependsOn = [.. service.DependsOn, new DependencySpec(logger.Name, DependencyCondition.Started, logger.DefinedAt)] };
            }
        }
        programs.Insert(0, service);
        return programs;
    }

    private static ProgramSpec? ReadOne(string name, string dir, FinishStyle style, TimeSpan defaultStopTimeout, DiagnosticBag diagnostics, bool v2)
    {
        var run = Path.Combine(dir, "run");
        if (!File.Exists(run))
        {
            diagnostics.Error(null, $"service directory '{dir}' has no run file",
                "a service directory needs an executable 'run' that starts the program in the foreground");
            return null;
        }
        IReadOnlyList<string> runArgv = [run];
        if (v2 && V2ScriptRunner.Argv(run) is { } v2Argv) runArgv = v2Argv;
        else if (!ServiceDirFiles.IsExecutable(run))
        {
            diagnostics.Error(ServiceDirFiles.At(run), $"'{run}' is not executable", $"chmod +x '{run}'");
            return null;
        }
        if (!ProgramNames.IsValid(name))
        {
            diagnostics.Error(null, $"service directory '{dir}' gives the program name '{name}', which Tend cannot use", ProgramNames.Rule);
            return null;
        }

        // s6-supervise passes the service name as argv[1] of ./run; runsv passes nothing.
        IReadOnlyList<string> command = style == FinishStyle.S6 ? [.. runArgv, Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))] : runArgv;
        var spec = ServiceDirDefaults.Longrun(name, command, dir, ServiceDirFiles.At(run)) with
        {
            AutoStart = !File.Exists(Path.Combine(dir, "down")),
            StopTimeout = defaultStopTimeout,
        };

        var finish = Path.Combine(dir, "finish");
        if (File.Exists(finish))
        {
            spec = spec with
            {
                FinishCommand = v2 && V2ScriptRunner.Argv(finish) is { } finishArgv ? finishArgv : [finish],
                FinishStyle = style,
                // s6-supervise kills ./finish after timeout-finish ms, 5000 when absent; runsv never does.
                FinishTimeout = style == FinishStyle.S6 ? FinishTimeoutOf(dir, diagnostics) : null,
            };
        }

        return style == FinishStyle.S6 ? S6Files(spec, dir, diagnostics) : RunitFiles(spec, dir);
    }

    private static TimeSpan? FinishTimeoutOf(string dir, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(dir, "timeout-finish");
        return File.Exists(path) ? ServiceDirFiles.ReadMilliseconds(path, diagnostics) : TimeSpan.FromMilliseconds(5000);
    }

    /// <summary>runit's <c>check</c> is what <c>sv start</c> waits on; as a readiness probe it lets dependents wait on the same thing.</summary>
    private static ProgramSpec RunitFiles(ProgramSpec spec, string dir)
    {
        var check = Path.Combine(dir, "check");
        if (!ServiceDirFiles.IsExecutable(check)) return spec;
        return spec with
        {
            Readiness = new ProbeSpec
            {
                Kind = ProbeKind.Exec,
                Command = [check],
                Interval = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(7), // sv's default wait (-w 7)
                FailureThreshold = 1,
                DefinedAt = ServiceDirFiles.At(check),
            },
        };
    }

    private static ProgramSpec S6Files(ProgramSpec spec, string dir, DiagnosticBag diagnostics)
    {
        var fd = ServiceDirFiles.ReadNumber(Path.Combine(dir, "notification-fd"), diagnostics, "write the descriptor number the daemon writes its readiness line to, e.g. 3");
        if (fd is < 3)
        {
            diagnostics.Error(ServiceDirFiles.At(Path.Combine(dir, "notification-fd")), $"notification-fd {fd} would replace stdin, stdout or stderr",
                "use a descriptor of 3 or more");
            fd = null;
        }
        spec = spec with { NotificationFd = fd };

        var downSignal = Path.Combine(dir, "down-signal");
        if (ServiceDirFiles.FirstLine(downSignal) is { } signalText)
        {
            if (Signals.TryParse(signalText, out var signal)) spec = spec with { StopSignal = signal };
            else diagnostics.Error(ServiceDirFiles.At(downSignal), $"unknown signal '{signalText}'", "write a name such as SIGTERM or SIGINT");
        }

        // s6 sends SIGKILL only when timeout-kill is set; at container shutdown s6-overlay does it anyway.
        if (ServiceDirFiles.ReadMilliseconds(Path.Combine(dir, "timeout-kill"), diagnostics) is { } kill)
            spec = spec with { StopTimeout = kill };
        if (File.Exists(Path.Combine(dir, "flag-timeout-killpg")))
            spec = spec with { KillAsGroup = true };

        foreach (var unsupported in (string[])["lock-fd", "flag-newpidns"])
        {
            var path = Path.Combine(dir, unsupported);
            if (File.Exists(path))
                diagnostics.Warning(ServiceDirFiles.At(path), $"'{unsupported}' is not supported and is ignored", "Tend does not provide it; the service runs without it");
        }
        return spec;
    }
}
