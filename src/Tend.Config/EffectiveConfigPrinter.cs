using System.Globalization;
using Tend.Config.Writing;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Prints every program with every effective value, defaults included, for <c>tend check</c>: what
/// Tend will actually do, not what the file says. The output is itself a valid tend.yaml that loads
/// back to the same configuration, so it can be used as a fully explicit starting point. Programs
/// appear in start order: by priority, then declaration order. Built as a <see cref="YamlMap"/> and
/// printed by <see cref="YamlWriter"/>, the writer export and convert use: one place decides
/// indentation, comments and escaping; this printer keeps its own rule of quoting every value.
/// </summary>
public static partial class EffectiveConfigPrinter
{
    public static string Print(TendConfig config) => Print(config, DateTimeOffset.UtcNow);

    /// <summary><paramref name="now"/>: the moment the jobs' next runs are computed from.</summary>
    public static string Print(TendConfig config, DateTimeOffset now)
    {
        var root = new YamlMap();
        var count = config.Programs.Count;
        var source = config.Source is null ? "" : $" of {config.Source}";
        root.Comment($"effective configuration{source}: {count} program{(count == 1 ? "" : "s")}, in start order");
        OrNull(root, "socket", config.Socket, "the command line's, $TEND_SOCKET, or /run/tend.sock where /run is writable (else /tmp/tend-UID/)");
        OrNull(root, "http", config.Http, "no HTTP listener");
        var programs = new YamlMap();
        foreach (var program in config.Programs.OrderBy(p => p.Priority))
            programs.Add(new YamlMap.Entry(Name(program.Name), ProgramMap(program), null) { KeyAsIs = true, Trailing = DefinedAt(program.DefinedAt) });
        root.Add("programs", programs);
        Groups(root, config.Programs.OrderBy(p => p.Priority));
        PrintJobs(root, config.Jobs, now);
        return YamlWriter.Write(root);
    }

    private static YamlMap ProgramMap(ProgramSpec p)
    {
        var m = new YamlMap();
        m.Add("command", Words(p.Command));
        m.Add("environment", EnvironmentMap(p.Environment));
        OrNull(m, "working_dir", p.WorkingDir, "Tend's working directory");
        OrNull(m, "user", p.User, "Tend's user");
        OrNull(m, "group", p.Group, "the user's primary group");
        if (p.Umask is { } umask) m.Add("umask", AsIs($"\"{Convert.ToString(umask, 8).PadLeft(3, '0')}\""));
        else Null(m, "umask", "Tend's umask");
        m.Add("restart", AsIs(Restart(p.Restart)));
        m.Add("exit_codes", Flow(p.ExitCodes.Select(Number)));
        m.Add("start_seconds", Duration(p.StartSeconds));
        m.Add("start_retries", AsIs(Number(p.StartRetries)));
        var backoff = m.Map("backoff");
        backoff.Add("initial", Duration(p.Backoff.Initial));
        backoff.Add("max", Duration(p.Backoff.Max));
        if (p.Backoff.Reset is { } reset) backoff.Add("reset", Duration(reset));
        else Null(backoff, "reset", "on reaching RUNNING");
        m.Add("stop_signal", AsIs(Signal(p.StopSignal)));
        m.Add("stop_timeout", Duration(p.StopTimeout));
        m.Add("priority", AsIs(Number(p.Priority)));
        m.Add("main", AsIs(Bool(p.Main)));
        m.Add("critical", AsIs(Bool(p.Critical)));
        m.Add("autostart", AsIs(Bool(p.AutoStart)));
        m.Add("log_prefix", AsIs(Bool(p.LogPrefix)));
        m.Add("forward_signals", Flow(p.ForwardSignals.Select(Signal)));
        var dependsOn = new YamlMap();
        foreach (var dependency in p.DependsOn)
            dependsOn.Add(new YamlMap.Entry(Name(dependency.Program), AsIs($"{{condition: {ScalarReaders.ConditionName(dependency.Condition)}}}"), null) { KeyAsIs = true });
        m.Add("depends_on", dependsOn);
        m.Add("on_dependency_failure", AsIs(p.OnDependencyFailure == OnDependencyFailure.Stop ? "stop" : "wait"));
        m.Add("restart_with", Flow(p.RestartWith.Select(Name)));
        Probe(m, "readiness", p.Readiness, "no probe: ready once RUNNING");
        Probe(m, "liveness", p.Liveness, "no probe");
        if (p.Startup is not null) Probe(m, "startup", p.Startup, "no probe");
        if (p.ReadyLogLine is { } readyLine) m.Add("ready_log_line", Value(readyLine));
        m.Add("health", AsIs(p.CountsForHealth ? "include" : "ignore"));
        if (p.SdNotify) m.Add("notify", AsIs("systemd"));
        if (p.Sockets.Count > 0) m.Add("sockets", Words(p.Sockets.Select(s => s.ToText(p.Name)).ToList()));
        if (p.Persistent.Count > 0) m.Add("persistent", Words(p.Persistent));
        Output(m, p);
        BeyondYaml(m, p);
        return m;
    }

    /// <summary>
    /// Where the output goes and whom the stop signals reach: supervisord.conf's log and group keys,
    /// in tend.yaml's words (<c>stdout</c>, <c>stderr</c>, <c>merge_stderr</c>, <c>stop_as_group</c>, <c>kill_as_group</c>).
    /// </summary>
    private static void Output(YamlMap m, ProgramSpec p)
    {
        Output(m, "stdout", p.Stdout);
        if (p.RedirectStderr) m.Add(new YamlMap.Entry("merge_stderr", AsIs("true"), null) { Trailing = "stderr goes where stdout goes" });
        else
        {
            Output(m, "stderr", p.Stderr);
            m.Add("merge_stderr", AsIs("false"));
        }
        m.Add("stop_as_group", AsIs(Bool(p.StopAsGroup)));
        m.Add("kill_as_group", AsIs(Bool(p.KillAsGroup)));
    }

    private static void Output(YamlMap m, string key, LogOutputSpec o)
    {
        var map = m.Map(key);
        map.Add(new YamlMap.Entry("console", AsIs(o.Console switch { ConsoleStream.Stdout => "stdout", ConsoleStream.Stderr => "stderr", _ => "none" }), null)
        {
            Trailing = o.Console is null ? "not on Tend's console" : null,
        });
        if (o.File is not { } f)
        {
            Null(map, "file", "no log file");
            return;
        }
        map.Add("file", Value(f.Path));
        map.Add(new YamlMap.Entry("max_size", AsIs(ByteSizes.Format(f.MaxBytes)), null) { Trailing = f.MaxBytes == 0 ? "never rotated" : null });
        map.Add(new YamlMap.Entry("backups", AsIs(Number(f.Backups)), null) { Trailing = f.Backups == 0 ? "truncated instead of rotated" : null });
    }

    /// <summary>
    /// What a supervisord.conf set that tend.yaml has no key for, as comments, so `tend check` shows
    /// everything Tend understood.
    /// </summary>
    private static void BeyondYaml(YamlMap m, ProgramSpec p)
    {
        if (p.Stdout.Events || p.Stderr.Events) m.Comment("output also sent to event listeners (stdout_events_enabled / stderr_events_enabled)");
        if (p.EventListener is { } listener)
            m.Comment($"event listener for {string.Join(", ", listener.Events)} (buffer {Number(listener.BufferSize)}); its stdout is the protocol");
    }

    /// <summary>Each group whose members are not just the program of its name, with its members in start order.</summary>
    private static void Groups(YamlMap root, IEnumerable<ProgramSpec> programs)
    {
        var groups = programs.Where(p => p.ProgramGroup is { } g && g != p.Name).GroupBy(p => p.ProgramGroup!, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) return;
        var map = new YamlMap();
        foreach (var group in groups)
            map.Add(new YamlMap.Entry(Name(group.Key), new YamlMap().Add("programs", Flow(group.Select(p => Name(p.Name)))), null) { KeyAsIs = true });
        root.Add("groups", map);
    }

    private static void Probe(YamlMap m, string key, ProbeSpec? probe, string whenNone)
    {
        if (probe is null)
        {
            Null(m, key, whenNone);
            return;
        }
        var map = m.Map(key);
        _ = probe.Kind switch
        {
            ProbeKind.Http => map.Add("http", Value(probe.Url ?? "")),
            ProbeKind.Tcp => map.Add("tcp", Value(probe.Address ?? "")),
            _ => map.Add("exec", Words(probe.Command)),
        };
        map.Add("interval", Duration(probe.Interval));
        map.Add("timeout", Duration(probe.Timeout));
        map.Add("initial_delay", Duration(probe.InitialDelay));
        map.Add("failure_threshold", AsIs(Number(probe.FailureThreshold)));
        map.Add("success_threshold", AsIs(Number(probe.SuccessThreshold)));
        if (probe.InsecureSkipVerify) map.Add("insecure_skip_verify", AsIs("true"));
    }

    /// <summary>A program name, plain unless YAML would read it as null ("null" is a valid name).</summary>
    private static string Name(string name) =>
        name is "null" or "Null" or "NULL" || !ProgramNames.HasValidSyntax(name) ? Quote(name, isValue: false) : name;

    private static string Restart(RestartPolicy policy) => policy switch
    {
        RestartPolicy.OnFailure => "on-failure",
        RestartPolicy.Never => "never",
        _ => "always",
    };

    /// <summary>The name when it reads back as the same signal ("TERM"); otherwise the number (34, not "SIG34").</summary>
    private static string Signal(int signal)
    {
        var name = Signals.Name(signal);
        return Signals.TryParse(name, out var back) && back == signal ? name : Number(signal);
    }

    private static string? DefinedAt(SourceLocation? at) => at is null ? null : $"defined at {at}";

    /// <summary>The value quoted, or ~ with what its absence means as a comment.</summary>
    private static void OrNull(YamlMap m, string key, string? value, string meaning)
    {
        if (value is null) Null(m, key, meaning);
        else m.Add(key, Value(value));
    }

    private static void Null(YamlMap m, string key, string meaning) =>
        m.Add(new YamlMap.Entry(key, AsIs("~"), null) { Trailing = meaning });

    private static YamlMap EnvironmentMap(IReadOnlyDictionary<string, string> environment)
    {
        var m = new YamlMap();
        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            m.Add(new YamlMap.Entry(IsPlainName(key) ? key : Quote(key, isValue: false), Value(value), null) { KeyAsIs = true });
        return m;
    }

    /// <summary>A command line: each word quoted, on one line.</summary>
    private static YamlSeq Words(IEnumerable<string> words) => Flow(words.Select(w => Quote(w)));

    private static YamlSeq Flow(IEnumerable<string> items) => new YamlSeq { Flow = true }.AddAll(items.Select(AsIs));

    private static YamlScalar Value(string text) => AsIs(Quote(text));

    private static YamlScalar Duration(TimeSpan value) => AsIs(Durations.Format(value));

    private static YamlScalar AsIs(string text) => YamlScalar.AsIs(text);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>
    /// A YAML double-quoted string. In values '${' is written '$${' so that loading it back does not
    /// expand it (keys are never expanded).
    /// </summary>
    internal static string Quote(string text, bool isValue = true) =>
        YamlQuoting.Quote(isValue ? text.Replace("${", "$${", StringComparison.Ordinal) : text);

    /// <summary>Names like PATH or LANG need no quotes as YAML keys.</summary>
    private static bool IsPlainName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
