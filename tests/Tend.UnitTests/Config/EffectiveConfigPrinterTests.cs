using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class EffectiveConfigPrinterTests
{
    private const string Sample = """
        programs:
          web:
            command: nginx -g 'daemon off;'
            environment: {B: "2", A: "say \"hi\"", RAW: "$${NOT_EXPANDED}"}
            umask: "027"
            restart: on-failure
            backoff: {reset: 1m}
            forward_signals: [USR1, WINCH]
          db:
            command: [postgres, -D, /data]
            priority: 10
            main: true
          cron:
            command: crond -f
            priority: 10
            stop_signal: INT
            stop_timeout: 1500ms
        """;

    [Fact]
    public void Print_OrdersByPriorityThenDeclaration()
    {
        var text = EffectiveConfigPrinter.Print(Load(Sample).Config!);

        var db = text.IndexOf("  db:", StringComparison.Ordinal);
        var cron = text.IndexOf("  cron:", StringComparison.Ordinal);
        var web = text.IndexOf("  web:", StringComparison.Ordinal);
        Assert.True(db >= 0 && db < cron && cron < web, text);
        Assert.StartsWith("# effective configuration of tend.yaml: 3 programs, in start order\nsocket: ~  # the command line's, $TEND_SOCKET, or /run/tend.sock where /run is writable (else /tmp/tend-UID/)\nhttp: ~  # no HTTP listener\nprograms:\n", text);
    }

    [Fact]
    public void Print_ListsEveryEffectiveValue()
    {
        var text = EffectiveConfigPrinter.Print(Load(Sample).Config!);
        var web = text[text.IndexOf("  web:", StringComparison.Ordinal)..];

        Assert.Contains("  web:  # defined at tend.yaml:2:3\n", web);
        Assert.Contains("    command: [\"nginx\", \"-g\", \"daemon off;\"]\n", web);
        Assert.Contains("    environment:\n      A: \"say \\\"hi\\\"\"\n      B: \"2\"\n      RAW: \"$${NOT_EXPANDED}\"\n", web);
        Assert.Contains("    umask: \"027\"\n", web);
        Assert.Contains("    restart: on-failure\n", web);
        Assert.Contains("    exit_codes: [0]\n", web);
        Assert.Contains("    start_seconds: 1s\n", web);
        Assert.Contains("    start_retries: 3\n", web);
        Assert.Contains("    backoff:\n      initial: 1s\n      max: 30s\n      reset: 1m\n", web);
        Assert.Contains("    stop_signal: TERM\n", web);
        Assert.Contains("    stop_timeout: 10s\n", web);
        Assert.Contains("    priority: 100\n", web);
        Assert.Contains("    main: false\n", web);
        Assert.Contains("    critical: false\n", web);
        Assert.Contains("    autostart: true\n", web);
        Assert.Contains("    log_prefix: true\n", web);
        Assert.Contains("    forward_signals: [USR1, WINCH]\n", web);
        Assert.Contains("    user: ~", web);
    }

    [Fact]
    public void Print_OutputLoadsBackToTheSameValues()
    {
        AssertRoundTrip(Sample);
    }

    /// <summary>Every new key, with non-default values, and text that needs escaping.</summary>
    private const string DependencySample = """
        socket: /run/app/tend.sock
        http: "[::1]:9090"
        programs:
          db:
            command: [postgres]
            readiness: {exec: ["pg_isready", "-q", "$${NOT_EXPANDED}"], interval: 200ms, timeout: 2s, initial_delay: 1.5s, failure_threshold: 5, success_threshold: 2}
            liveness: {http: "http://127.0.0.1:8080/health?q=$${X}", interval: 5s}
          migrate:
            command: migrate up
            restart: never
            priority: 1
          cache:
            command: redis-server
            readiness: {tcp: "127.0.0.1:6379"}
            health: ignore
          "null":
            command: x
          web:
            command: [web]
            depends_on: {db: {condition: healthy}, migrate: completed_successfully, cache: ready, "null": started}
            on_dependency_failure: stop
            restart_with: [db, cache]
        """;

    [Fact]
    public void Print_NewKeys_LoadBackToTheSameValues()
    {
        AssertRoundTrip(DependencySample);
    }

    [Fact]
    public void Print_ListsTheNewKeys()
    {
        var text = EffectiveConfigPrinter.Print(Load(DependencySample).Config!);
        // One program's lines: from its "  name:" heading to the next line indented by exactly two spaces.
        string Section(string name)
        {
            var lines = text.Split('\n');
            var start = Array.FindIndex(lines, l => l.StartsWith($"  {name}:", StringComparison.Ordinal));
            Assert.True(start >= 0, $"no program {name} in:\n{text}");
            var section = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal));
            return string.Concat(section.Select(l => l + "\n"));
        }

        Assert.Contains("\nsocket: \"/run/app/tend.sock\"\nhttp: \"[::1]:9090\"\nprograms:\n", text);
        var db = Section("db");
        Assert.Contains("    depends_on: {}\n    on_dependency_failure: wait\n    restart_with: []\n", db);
        Assert.Contains(
            "    readiness:\n      exec: [\"pg_isready\", \"-q\", \"$${NOT_EXPANDED}\"]\n      interval: 200ms\n      timeout: 2s\n"
            + "      initial_delay: 1.5s\n      failure_threshold: 5\n      success_threshold: 2\n", db);
        Assert.Contains(
            "    liveness:\n      http: \"http://127.0.0.1:8080/health?q=$${X}\"\n      interval: 5s\n      timeout: 1s\n"
            + "      initial_delay: 0s\n      failure_threshold: 3\n      success_threshold: 1\n", db);
        Assert.Contains("    health: include\n", db);

        var cache = Section("cache");
        Assert.Contains("    readiness:\n      tcp: \"127.0.0.1:6379\"\n", cache);
        Assert.Contains("    liveness: ~  # no probe\n", cache);
        Assert.Contains("    health: ignore\n", cache);

        Assert.Contains("  \"null\":  # defined at tend.yaml:16:3\n", text);
        Assert.Contains("    readiness: ~  # no probe: ready once RUNNING\n", Section("\"null\""));

        var web = Section("web");
        Assert.Contains(
            "    depends_on:\n      db: {condition: healthy}\n      migrate: {condition: completed_successfully}\n"
            + "      cache: {condition: ready}\n      \"null\": {condition: started}\n", web);
        Assert.Contains("    on_dependency_failure: stop\n", web);
        Assert.Contains("    restart_with: [db, cache]\n", web);
    }

    private static void AssertRoundTrip(string yaml)
    {
        var loaded = Load(yaml);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var original = loaded.Config!;

        var printed = EffectiveConfigPrinter.Print(original);
        var reloaded = Load(printed);

        Assert.Empty(reloaded.Diagnostics);
        Assert.Equal(original.Socket, reloaded.Config!.Socket);
        Assert.Equal(original.Http, reloaded.Config.Http);
        Assert.Equal(original.Programs.Count, reloaded.Config.Programs.Count);
        foreach (var p in original.Programs)
        {
            var q = reloaded.Config.Programs.Single(x => x.Name == p.Name);
            Assert.Equal(p.Command, q.Command);
            Assert.Equal(p.Environment.OrderBy(e => e.Key), q.Environment.OrderBy(e => e.Key));
            Assert.Equal(p.ExitCodes, q.ExitCodes);
            Assert.Equal(p.ForwardSignals, q.ForwardSignals);
            Assert.Equal(p.DependsOn.Select(d => d with { DefinedAt = null }), q.DependsOn.Select(d => d with { DefinedAt = null }));
            Assert.Equal(p.RestartWith, q.RestartWith);
            AssertSameProbe(p.Readiness, q.Readiness);
            AssertSameProbe(p.Liveness, q.Liveness);
            Assert.Equal(p with
            {
                Command = q.Command, Environment = q.Environment, ExitCodes = q.ExitCodes, ForwardSignals = q.ForwardSignals,
                DependsOn = q.DependsOn, RestartWith = q.RestartWith, Readiness = q.Readiness, Liveness = q.Liveness,
                DefinedAt = q.DefinedAt,
            }, q);
        }
    }

    private static void AssertSameProbe(ProbeSpec? expected, ProbeSpec? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected with { Command = actual.Command, DefinedAt = actual.DefinedAt }, actual);
    }

    [Fact]
    public void Print_ControlAndLineSeparatorCharacters_AreEscapedAndReloadIdentically()
    {
        var p = LoadSingle("programs:\n  app:\n    command: [\"a\\tb\\nc\\Pd\\x01\"]\n");

        var text = EffectiveConfigPrinter.Print(new TendConfig { Programs = [p] });

        Assert.Contains("command: [\"a\\tb\\nc\\u2029d\\u0001\"]", text);
        Assert.Equal(p.Command, Load(text).Config!.Programs[0].Command);
    }

    [Fact]
    public void Print_SignalWithoutName_IsPrintedAsANumberThatReloads()
    {
        var p = LoadSingle("programs:\n  app: {command: app, stop_signal: 34, forward_signals: [35, HUP]}\n");

        var text = EffectiveConfigPrinter.Print(new TendConfig { Programs = [p] });

        Assert.Contains("    stop_signal: 34\n", text);
        Assert.Contains("    forward_signals: [35, HUP]\n", text);
        var reloaded = Load(text).Config!.Programs[0];
        Assert.Equal(34, reloaded.StopSignal);
        Assert.Equal([35, Signals.SIGHUP], reloaded.ForwardSignals);
    }

    [Fact]
    public void Print_EmptyConfig_SaysSo()
    {
        var text = EffectiveConfigPrinter.Print(new TendConfig());

        Assert.Equal("# effective configuration: 0 programs, in start order\nsocket: ~  # the command line's, $TEND_SOCKET, or /run/tend.sock where /run is writable (else /tmp/tend-UID/)\nhttp: ~  # no HTTP listener\nprograms: {}\n", text);
    }

    [Fact]
    public void Print_ShowsASupervisordConfsLogGroupAndSignalSettings_AsKeys_AndListenersAsComments()
    {
        var result = ConfigLoader.LoadText("""
            [supervisord]
            nodaemon=true
            [program:web]
            command=nginx
            stdout_logfile=/var/log/web.log
            stdout_logfile_maxbytes=1MB
            stdout_logfile_backups=2
            stderr_logfile=NONE
            [program:q]
            command=worker
            redirect_stderr=true
            [group:pool]
            programs=q
            [eventlistener:watch]
            command=python3 l.py
            events=PROCESS_STATE_FATAL
            """, "supervisord.conf", new Dictionary<string, string>());
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var text = EffectiveConfigPrinter.Print(result.Config!);
        Assert.Contains("    stdout:\n      console: none  # not on Tend's console\n      file: \"/var/log/web.log\"\n      max_size: 1MiB\n      backups: 2\n", text);
        Assert.Contains("    stderr:\n      console: none  # not on Tend's console\n      file: ~  # no log file\n", text);
        Assert.Contains("    merge_stderr: true  # stderr goes where stdout goes\n", text);
        Assert.Contains("groups:\n  pool:\n    programs: [q]\n", text);
        Assert.Contains("    stop_as_group: false\n    kill_as_group: false\n", text);
        Assert.Contains("# event listener for PROCESS_STATE_FATAL (buffer 10); its stdout is the protocol", text);
    }
}
