using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// Reads the s6-rc source directories of an s6-overlay root, as s6-rc-compile would: a <c>type</c>
/// file in each (oneshot, longrun or bundle), <c>dependencies.d</c> for atoms, <c>contents.d</c> for
/// bundles; oneshots run their <c>up</c> command line, longruns their <c>run</c> script. Names are
/// resolved later. The <c>user</c> and <c>user2</c> bundles are defined by s6-overlay itself, so
/// their directories need no type file, and members may also be listed in user-bundles.d.
/// </summary>
internal static class S6RcSourceReader
{
    public static readonly string[] UserBundles = ["user", "user2"];

    /// <summary>What an up file without a command runs: a no-op that succeeds.</summary>
    public static readonly string[] NoOp = ["true"];

    public static Dictionary<string, S6RcSource> Read(string rcDir, string userBundlesDir, TimeSpan defaultStopTimeout, DiagnosticBag diagnostics)
    {
        var sources = new Dictionary<string, S6RcSource>(StringComparer.Ordinal);
        foreach (var name in ServiceDirFiles.Names(rcDir, directories: true))
        {
            var source = ReadOne(name, Path.Combine(rcDir, name), defaultStopTimeout, diagnostics);
            if (source is not null) sources[name] = source;
        }
        AddPipelineBundles(sources, diagnostics);
        foreach (var bundle in UserBundles)
        {
            var extra = References(Path.Combine(userBundlesDir, bundle, "contents.d"));
            var existing = sources.GetValueOrDefault(bundle) ?? new S6RcSource(bundle, Path.Combine(rcDir, bundle), S6RcType.Bundle);
            sources[bundle] = existing with { Contents = [.. existing.Contents, .. extra] };
        }
        return sources;
    }

    /// <summary>
    /// pipeline-name in a pipeline's last consumer: s6-rc-compile defines a bundle of that name holding
    /// every service of the pipeline (the consumer and, through consumer-for, each producer feeding
    /// it), which other bundles then list (s6-overlay's own syslogd tree does).
    /// </summary>
    private static void AddPipelineBundles(Dictionary<string, S6RcSource> sources, DiagnosticBag diagnostics)
    {
        foreach (var consumer in sources.Values.Where(s => s.Type == S6RcType.Longrun).ToList())
        {
            var file = Path.Combine(consumer.Dir, "pipeline-name");
            if (ServiceDirFiles.FirstLine(file) is not { Length: > 0 } name) continue;
            if (sources.ContainsKey(name))
            {
                diagnostics.Error(ServiceDirFiles.At(file), $"pipeline-name '{name}' of '{consumer.Name}' is also the name of a service",
                    "s6-rc-compile makes a bundle of that name for the pipeline: choose a name no s6-rc.d directory has");
                continue;
            }
            var members = new List<S6RcReference>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var next = new Queue<string>([consumer.Name]);
            while (next.TryDequeue(out var member))
            {
                if (!seen.Add(member)) continue;
                members.Add(new S6RcReference(member, ServiceDirFiles.At(file)));
                foreach (var producer in sources.GetValueOrDefault(member)?.ConsumerFor ?? []) next.Enqueue(producer.Name);
            }
            sources[name] = new S6RcSource(name, consumer.Dir, S6RcType.Bundle) { Contents = members };
        }
    }

    private static S6RcSource? ReadOne(string name, string dir, TimeSpan defaultStopTimeout, DiagnosticBag diagnostics)
    {
        var typePath = Path.Combine(dir, "type");
        var typeText = ServiceDirFiles.FirstLine(typePath);
        S6RcType type;
        if (typeText is null)
        {
            if (!UserBundles.Contains(name))
            {
                diagnostics.Error(null, $"s6-rc service '{name}' has no type file in '{dir}'", "write oneshot, longrun or bundle into its 'type' file");
                return null;
            }
            type = S6RcType.Bundle;
        }
        else if (!TryParseType(typeText, out type))
        {
            diagnostics.Error(ServiceDirFiles.At(typePath), $"unknown s6-rc service type '{typeText}'", "the type is oneshot, longrun or bundle");
            return null;
        }
        else if (UserBundles.Contains(name) && type != S6RcType.Bundle)
        {
            diagnostics.Error(ServiceDirFiles.At(typePath), $"'{name}' must be a bundle", $"s6-overlay defines '{name}' as the bundle of services to start");
            return null;
        }

        var source = new S6RcSource(name, dir, type)
        {
            Dependencies = References(Path.Combine(dir, "dependencies.d")),
            Contents = References(Path.Combine(dir, "contents.d")),
        };
        if (type == S6RcType.Bundle) return source;
        if (!ProgramNames.IsValid(name))
        {
            diagnostics.Error(null, $"s6-rc service '{name}' in '{dir}' has a name Tend cannot use", ProgramNames.Rule);
            return null;
        }

        var program = type == S6RcType.Oneshot ? Oneshot(name, dir, diagnostics) : Longrun(name, dir, defaultStopTimeout, diagnostics, ref source);
        if (program is null) return source;
        return source with
        {
            Program = program with
            {
                StartTimeout = ServiceDirFiles.ReadMilliseconds(Path.Combine(dir, "timeout-up"), diagnostics),
                DownTimeout = type == S6RcType.Oneshot ? ServiceDirFiles.ReadMilliseconds(Path.Combine(dir, "timeout-down"), diagnostics) : null,
            },
        };
    }

    private static ProgramSpec? Oneshot(string name, string dir, DiagnosticBag diagnostics)
    {
        var up = Path.Combine(dir, "up");
        if (!File.Exists(up))
        {
            diagnostics.Error(null, $"s6-rc oneshot '{name}' has no up file in '{dir}'", "write the command to run into 'up', e.g. /etc/s6-overlay/scripts/" + name);
            return null;
        }
        var upText = File.ReadAllText(up);
        // Nothing but comments (linuxserver.io's init-config, init-services...): s6-rc counts such a
        // oneshot up as soon as its dependencies are, running nothing. `true` does the same here.
        if (ExeclineCommand.IsEmpty(upText))
            return ServiceDirDefaults.Oneshot(name, NoOp, ServiceDirFiles.At(up));
        var command = ExeclineCommand.Parse(upText, up, diagnostics, out var contenv);
        var downPath = Path.Combine(dir, "down");
        var down = File.Exists(downPath) && !ExeclineCommand.IsEmpty(File.ReadAllText(downPath))
            ? ExeclineCommand.Parse(File.ReadAllText(downPath), downPath, diagnostics)
            : null;
        if (command is null) return null;
        // Kept for S6ContainerEnvironment, which decides the environment by it and drops it.
        if (contenv) command = ["with-contenv", .. command];
        return ServiceDirDefaults.Oneshot(name, command, ServiceDirFiles.At(up)) with { DownCommand = down };
    }

    private static ProgramSpec? Longrun(string name, string dir, TimeSpan defaultStopTimeout, DiagnosticBag diagnostics, ref S6RcSource source)
    {
        var producerFor = ServiceDirFiles.FirstLine(Path.Combine(dir, "producer-for"));
        var consumerPath = Path.Combine(dir, "consumer-for");
        source = source with
        {
            ProducerFor = string.IsNullOrEmpty(producerFor) ? null : new S6RcReference(producerFor, ServiceDirFiles.At(Path.Combine(dir, "producer-for"))),
            ConsumerFor = File.Exists(consumerPath)
                ? File.ReadAllLines(consumerPath).Select((l, i) => (Line: l.Trim(), Number: i + 1)).Where(x => x.Line.Length > 0)
                    .Select(x => new S6RcReference(x.Line, ServiceDirFiles.At(consumerPath, x.Number))).ToList()
                : [],
        };
        if (Directory.Exists(Path.Combine(dir, "log")))
            diagnostics.Warning(null, $"'{Path.Combine(dir, "log")}' is ignored", "s6-rc longruns log through producer-for and consumer-for, not a log/ directory");
        // s6-rc-compile copies run and finish into the compiled database with mode 0755, so a source
        // tree kept 0644 in git (s6-overlay's own syslogd tree) runs: as v2 scripts do, without the bit.
        var programs = LongrunReader.Read(name, dir, FinishStyle.S6, defaultStopTimeout, diagnostics, runsWithoutExecuteBit: true);
        // The logger LongrunReader made of log/ is dropped with the warning above, and so is the dependency on it.
        return programs.FirstOrDefault() is { } program ? program with { DependsOn = [] } : null;
    }

    /// <summary>The names in a dependencies.d or contents.d directory (empty files named after services).</summary>
    private static List<S6RcReference> References(string dir) =>
        ServiceDirFiles.Names(dir, directories: false).Select(n => new S6RcReference(n, ServiceDirFiles.At(Path.Combine(dir, n)))).ToList();

    private static bool TryParseType(string text, out S6RcType type)
    {
        switch (text)
        {
            case "oneshot": type = S6RcType.Oneshot; return true;
            case "longrun": type = S6RcType.Longrun; return true;
            case "bundle": type = S6RcType.Bundle; return true;
            default: type = default; return false;
        }
    }
}
