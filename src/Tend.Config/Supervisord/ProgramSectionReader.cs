using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>What every program section reader needs from the rest of the file.</summary>
internal sealed record ProgramSectionContext(IReadOnlyDictionary<string, object> FileNames, DaemonSettings Daemon);

/// <summary>
/// One [program:x] or [eventlistener:x] section to one <see cref="ProgramSpec"/> per process
/// (numprocs). As in supervisord, the keys that hold for the whole section are read once, without
/// process_num; command, process_name, environment, directory and the log keys are read per
/// process, where %(process_num)d and %(numprocs)d can be used.
/// </summary>
internal static partial class ProgramSectionReader
{
    /// <summary>supervisord's defaults where they differ from Tend's YAML ones.</summary>
    private const int DefaultPriority = 999;

    /// <summary>supervisord starts event listener pools first (and stops them last): their priority defaults to -1.</summary>
    private const int DefaultListenerPriority = -1;

    public static List<ProgramSpec> Read(IniSection section, bool isListener, string groupName, ProgramSectionContext ctx, DiagnosticBag diagnostics)
    {
        var programName = section.Name[(section.Name.IndexOf(':') + 1)..].Trim();
        var names = ExpansionNames.With(ctx.FileNames, (ExpansionNames.ProgramName, programName), (ExpansionNames.GroupName, groupName));
        var v = new SectionValues(section, names, diagnostics);
        var template = ReadShared(v, isListener, ctx.Daemon);
        var serverUrl = ServerUrl(v) ?? ctx.Daemon.Settings.ServerUrl;
        var numprocs = v.Int("numprocs", min: 0) ?? 1;
        var start = v.Int("numprocs_start", min: 0) ?? 0;
        var processName = v.Entry("process_name");
        var processes = new List<ProgramSpec>();
        if (!CheckSectionRules(v, numprocs, processName, template)) numprocs = 0; // no processes to name clash with

        for (var num = start; num < start + numprocs; num++)
        {
            var perProcess = ExpansionNames.With(names, (ExpansionNames.ProcessNum, (long)num), (ExpansionNames.NumProcs, (long)numprocs));
            if (ReadProcess(v, template, perProcess, processName, programName, groupName, serverUrl, ctx.Daemon) is { } spec)
                processes.Add(spec);
        }
        v.ReportUnknownKeys(isListener ? SupervisordKeys.EventListener : SupervisordKeys.Program);
        return processes;
    }

    /// <summary>The keys that are the same for every process of the section.</summary>
    private static ProgramSpec ReadShared(SectionValues v, bool isListener, DaemonSettings daemon)
    {
        var stopAsGroup = v.Bool("stopasgroup") ?? false;
        var template = new ProgramSpec
        {
            Name = "",
            Command = [],
            Priority = v.Int("priority") ?? (isListener ? DefaultListenerPriority : DefaultPriority),
            AutoStart = v.Bool("autostart") ?? true,
            // autorestart=unexpected is OnFailure: restart unless the code is one of exitcodes.
            Restart = v.AutoRestart("autorestart") ?? RestartPolicy.OnFailure,
            ExitCodes = v.ExitCodes("exitcodes") ?? [0],
            // startsecs and startretries mean the same in Tend; supervisord's backoff waits 1 s, 2 s,
            // 3 s… while Tend's doubles from 1 s: the same first retry, a slightly longer tail.
            StartSeconds = v.Seconds("startsecs") ?? TimeSpan.FromSeconds(1),
            StartRetries = v.Int("startretries", min: 0) ?? 3,
            StopSignal = v.Signal("stopsignal") ?? Signals.SIGTERM,
            StopTimeout = v.Seconds("stopwaitsecs") ?? TimeSpan.FromSeconds(10),
            // supervisord signals the program alone unless asked; stopasgroup implies killasgroup.
            StopAsGroup = stopAsGroup,
            KillAsGroup = v.Bool("killasgroup") ?? stopAsGroup,
            RedirectStderr = v.Bool("redirect_stderr") ?? false,
            User = v.String("user"),
            UserAt = v.Entry("user")?.Location,
            Umask = Umask(v) ?? daemon.Umask,
            Main = v.Bool(SupervisordKeys.TendMain) ?? false,
            Critical = v.Bool(SupervisordKeys.TendCritical) ?? false,
            EventListener = isListener ? ReadListener(v) : null,
        };
        foreach (var stream in new[] { "stdout", "stderr" })
        {
            if (v.ByteSize($"{stream}_capture_maxbytes") is > 0)
                v.NotHonoured($"{stream}_capture_maxbytes", "Tend emits no PROCESS_COMMUNICATION events");
        }
        return template;
    }

    private static int? Umask(SectionValues v)
    {
        var umask = v.Octal("umask");
        if (umask is > 0x1FF)
        {
            v.Error(v.Section.Get("umask")!.Location, $"umask {Convert.ToString(umask.Value, 8)} in [{v.Section.Name}] is out of range",
                "a umask is at most 777 (octal)");
            return null;
        }
        return umask;
    }

    /// <summary>serverurl=AUTO (the default) means "the daemon's own URL".</summary>
    private static string? ServerUrl(SectionValues v)
    {
        var url = v.String("serverurl");
        return url is null || url.Trim().Equals("AUTO", StringComparison.OrdinalIgnoreCase) ? null : url.Trim();
    }

    /// <summary>False when the processes cannot be told apart (reported).</summary>
    private static bool CheckSectionRules(SectionValues v, int numprocs, IniEntry? processName, ProgramSpec template)
    {
        var distinct = true;
        if (numprocs > 1 && !(processName?.Value.Contains("%(process_num)", StringComparison.Ordinal) ?? false))
        {
            v.Error(processName?.Location ?? v.Section.Get("numprocs")!.Location,
                $"[{v.Section.Name}] has numprocs={numprocs} but its process_name does not contain %(process_num)",
                "each process needs its own name, e.g. process_name=%(program_name)s_%(process_num)02d");
            distinct = false;
        }
        if (numprocs == 0)
            v.Warning(v.Section.Get("numprocs")!.Location, $"[{v.Section.Name}] has numprocs=0 and defines no process", "use 1 or more, or autostart=false to define it without starting it");
        if (template.StopAsGroup && !template.KillAsGroup)
        {
            v.Error(v.Section.Get("killasgroup")!.Location, $"[{v.Section.Name}] sets stopasgroup=true and killasgroup=false",
                "stopasgroup implies killasgroup: remove killasgroup or set it to true");
        }
        if (template.EventListener is not null && template.RedirectStderr)
        {
            v.Error(v.Section.Get("redirect_stderr")!.Location, $"[{v.Section.Name}] sets redirect_stderr=true",
                "an event listener's stdout is the event protocol channel; stderr cannot be mixed into it");
        }
        return distinct;
    }
}
