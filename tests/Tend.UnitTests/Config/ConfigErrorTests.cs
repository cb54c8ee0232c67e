using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class ConfigErrorTests
{
    [Fact]
    public void Load_UnknownKey_ReportsLocationAndSuggestion()
    {
        var result = Load("""
            programs:
              web:
                command: app
                enviroment: {A: b}
            """);

        var error = SingleErrorAt(result, "4:5");
        Assert.Equal("unknown key 'enviroment' in program 'web'", error.Message);
        Assert.Equal("did you mean 'environment'?", error.Hint);
        Assert.Equal("tend.yaml:4:5: error: unknown key 'enviroment' in program 'web' (did you mean 'environment'?)", error.ToString());
    }

    [Theory]
    [InlineData("stopsignal", "stop_signal")]
    [InlineData("startsecs", "start_seconds")]
    [InlineData("workingDir", "working_dir")]
    [InlineData("start-retries", "start_retries")]
    [InlineData("exitcode", "exit_codes")]
    [InlineData("autostrat", "autostart")]
    [InlineData("env", "environment")]
    [InlineData("cmd", "command")]
    [InlineData("cwd", "working_dir")]
    [InlineData("stop_grace_period", "stop_timeout")]
    [InlineData("priorty", "priority")]
    public void Load_UnknownKey_SuggestsTheIntendedKey(string written, string suggested)
    {
        var result = Load($"programs:\n  web:\n    command: app\n    {written}: 1\n");

        Assert.Equal($"did you mean '{suggested}'?", SingleErrorAt(result, "4:5").Hint);
    }

    [Fact]
    public void Load_UnknownKeyFarFromAny_ListsValidKeys()
    {
        var result = Load("""
            programs:
              web:
                command: app
                colour: red
            """);

        var hint = SingleErrorAt(result, "4:5").Hint;
        Assert.StartsWith("valid keys are: command, environment, env_file, working_dir,", hint);
        Assert.EndsWith("forward_signals, depends_on, on_dependency_failure, restart_with, readiness, liveness, startup, ready_log_line, health, notify, sockets,"
            + " persistent, stdout, stderr, merge_stderr, stop_as_group, kill_as_group, replicas, replica_name, limits, rlimits, oom_score_adj", hint);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_SuggestsPrograms()
    {
        var result = Load("""
            services:
              web: {command: app}
            """);

        var error = SingleErrorAt(result, "1:1");
        Assert.Equal("unknown top-level key 'services'", error.Message);
        Assert.StartsWith("did you mean 'programs'?", error.Hint);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Message == "no programs are defined");
    }

    [Fact]
    public void Load_UnknownBackoffKey_SuggestsBackoffKey()
    {
        var result = Load("""
            programs:
              web:
                command: app
                backoff: {initial: 1s, reste: 1m}
            """);

        var error = SingleErrorAt(result, "4:28");
        Assert.Equal("unknown key 'reste' in 'backoff'", error.Message);
        Assert.Equal("did you mean 'reset'?", error.Hint);
    }

    [Theory]
    [InlineData("main", "yes", "expected a boolean (true/false)")]
    [InlineData("autostart", "[true]", "expected a boolean (true/false)")]
    [InlineData("priority", "high", "expected a whole number")]
    [InlineData("priority", "1.5", "expected a whole number")]
    [InlineData("start_retries", "{n: 1}", "expected a whole number")]
    [InlineData("command", "{a: b}", "expected a list of strings or a string")]
    [InlineData("environment", "FOO=bar", "expected a mapping of NAME: value, or a list of \"NAME=value\" strings")]
    [InlineData("user", "[a, b]", "expected a string")]
    [InlineData("restart", "sometimes", "expected one of: always, on-failure, never")]
    [InlineData("stop_signal", "TERMINATE", "expected a signal name or number: HUP, INT, QUIT")]
    [InlineData("stop_signal", "99", "expected a signal name or number")]
    [InlineData("forward_signals", "USR3", "expected a signal name or number")]
    [InlineData("umask", "\"089\"", "expected an octal mode")]
    [InlineData("exit_codes", "zero", "expected a whole number")]
    [InlineData("exit_codes", "{a: 1}", "expected a list")]
    [InlineData("backoff", "5s", "expected a mapping like {initial: 1s, max: 30s, reset: 60s}")]
    [InlineData("start_seconds", "[1]", "expected a duration like 10s")]
    [InlineData("stop_timeout", "soon", "expected a duration like 10s")]
    public void Load_WrongType_ReportsExpectationAtValue(string key, string value, string expected)
    {
        var yaml = $"programs:\n  app:\n    {key}: {value}\n" + (key == "command" ? "" : "    command: app\n");
        var column = 4 + key.Length + 2 + 1;
        var result = Load(yaml);

        var error = SingleErrorAt(result, $"3:{column}");
        Assert.StartsWith(expected, error.Hint);
        Assert.Contains($"'{key}'", error.Message);
    }

    [Theory]
    [InlineData("no", "never")]
    [InlineData("unless-stopped", "always")]
    [InlineData("on-failur", "on-failure")]
    public void Load_BadRestart_SuggestsPolicy(string value, string suggested)
    {
        var result = Load($"programs:\n  app:\n    command: app\n    restart: {value}\n");

        var error = SingleErrorAt(result, "4:14");
        Assert.Equal($"invalid value for 'restart': '{value}'", error.Message);
        Assert.EndsWith($"did you mean '{suggested}'?", error.Hint);
    }

    [Fact]
    public void Load_ExitCodesOutOfRange_ReportsEachItem()
    {
        var result = Load("""
            programs:
              app:
                command: app
                exit_codes: [0, 256, -1]
            """);

        Assert.Null(result.Config);
        Assert.Equal(["tend.yaml:4:21", "tend.yaml:4:26"], result.Diagnostics.Select(d => d.Location!.ToString()));
        Assert.All(result.Diagnostics, d => Assert.Equal("exit codes are between 0 and 255", d.Hint));
        Assert.Contains("256", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Load_NegativeStartRetries_IsAnError()
    {
        var result = Load("""
            programs:
              app:
                command: app
                start_retries: -1
            """);

        Assert.Contains("cannot be negative", SingleErrorAt(result, "4:20").Message);
    }

    [Fact]
    public void Load_UmaskAboveOctal777_IsAnError()
    {
        var result = Load("""
            programs:
              app:
                command: app
                umask: 1000
            """);

        Assert.Contains("out of range", SingleErrorAt(result, "4:12").Message);
    }

    [Theory]
    [InlineData("-web")]
    [InlineData("_web")]
    [InlineData("\"web app\"")]
    [InlineData("\"a/b\"")]
    [InlineData("wéb")]
    [InlineData("\"\"")]
    public void Load_InvalidProgramName_IsAnErrorAtTheName(string name)
    {
        var result = Load($"programs:\n  {name}: {{command: app}}\n");

        var error = SingleErrorAt(result, "2:3");
        Assert.StartsWith("invalid program name", error.Message);
        Assert.Contains("letters, digits, '_', '.' and '-'", error.Hint);
    }

    [Theory]
    [InlineData("tend")]
    [InlineData("Tend")]
    public void Load_ProgramNamedTend_IsReserved(string name)
    {
        var result = Load($"programs:\n  {name}: {{command: app}}\n");

        Assert.Contains("reserved", SingleErrorAt(result, "2:3").Message);
    }

    [Theory]
    [InlineData("[]", "has an empty command")]
    [InlineData("\"\"", "has an empty command")]
    [InlineData("\"   \"", "has an empty command")]
    [InlineData("[\"\", x]", "starts with an empty word")]
    public void Load_EmptyCommand_IsAnErrorAtTheCommand(string command, string message)
    {
        var result = Load($"programs:\n  app:\n    command: {command}\n");

        Assert.Contains(message, SingleErrorAt(result, "3:14").Message);
    }

    [Fact]
    public void Load_NullCommand_IsAnEmptyCommand()
    {
        var result = Load("programs:\n  app:\n    command:\n    user: x\n");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("program 'app' has an empty command", error.Message);
        Assert.Equal(3, error.Location!.Line);
    }

    [Theory]
    [InlineData("programs:\n  app: {user: x}\n")]
    [InlineData("programs:\n  app:\n")]
    public void Load_MissingCommand_IsAnErrorAtTheProgram(string yaml)
    {
        var error = SingleErrorAt(Load(yaml), "2:3");

        Assert.Equal("program 'app' has no command", error.Message);
        Assert.Contains("command:", error.Hint);
    }

    [Fact]
    public void Load_SeveralMainPrograms_OneErrorListingThem()
    {
        var result = Load("""
            programs:
              a: {command: a, main: true}
              b: {command: b, main: false}
              c: {command: c, main: true}
              d: {command: d, main: true}
            """);

        var error = SingleErrorAt(result, "4:25");
        Assert.Equal("more than one program has 'main: true': a, c, d", error.Message);
        Assert.Contains("critical", error.Hint);
    }

    [Fact]
    public void Load_DuplicateProgram_IsAnErrorAtTheSecond()
    {
        var result = Load("""
            programs:
              web: {command: a}
              web: {command: b}
            """);

        var error = SingleErrorAt(result, "3:3");
        Assert.Equal("duplicate key 'web'", error.Message);
        Assert.Contains("line 2, column 3", error.Hint);
    }

    [Fact]
    public void Load_DuplicateSetting_IsAnErrorAtTheSecond()
    {
        var result = Load("""
            programs:
              web:
                command: a
                priority: 1
                command: b
            """);

        Assert.Equal("duplicate key 'command'", SingleErrorAt(result, "5:5").Message);
    }

    [Fact]
    public void Load_ProgramNotAMapping_IsAnError()
    {
        var result = Load("""
            programs:
              web: nginx -g 'daemon off;'
            """);

        var error = SingleErrorAt(result, "2:8");
        Assert.Equal("program 'web' is a string, not a mapping of settings", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n", "1:1", "the top level of the file is a list")]
    [InlineData("just text\n", "1:1", "the top level of the file is a string")]
    [InlineData("programs: [a]\n", "1:11", "invalid value for 'programs': a list")]
    [InlineData("programs: web\n", "1:11", "invalid value for 'programs': 'web'")]
    public void Load_WrongShapeAtTop_IsAnError(string yaml, string at, string message)
    {
        Assert.Equal(message, SingleErrorAt(Load(yaml), at).Message);
    }

    [Fact]
    public void Load_SecondDocument_IsAnError()
    {
        var result = Load("programs:\n  a: {command: a}\n---\nprograms: {}\n");

        Assert.Contains("more than one YAML document", SingleErrorAt(result, "3:1").Message);
    }

    [Fact]
    public void Load_UnknownAlias_IsAnError()
    {
        var result = Load("programs:\n  a:\n    command: *nope\n");

        var error = SingleErrorAt(result, "3:14");
        Assert.Equal("unknown anchor '*nope'", error.Message);
        Assert.Contains("&nope", error.Hint);
    }

    [Fact]
    public void Load_ForwardingKill_IsAnError()
    {
        var result = Load("""
            programs:
              app:
                command: app
                forward_signals: [USR1, KILL]
            """);

        Assert.Equal("KILL cannot be forwarded", SingleErrorAt(result, "4:29").Message);
    }

    [Fact]
    public void Load_BadEnvironmentEntries_AreErrors()
    {
        var result = Load("""
            programs:
              app:
                command: app
                environment:
                  - =value
                  - A=1
                  - A=2
                  - [nested]
            """);

        Assert.Null(result.Config);
        Assert.Equal(["tend.yaml:5:9", "tend.yaml:7:9", "tend.yaml:8:9"], result.Diagnostics.Select(d => d.Location!.ToString()));
        Assert.Equal("invalid environment variable name ''", result.Diagnostics[0].Message);
        Assert.Equal("environment variable 'A' is set twice", result.Diagnostics[1].Message);
        Assert.Equal("invalid value for 'environment': a list", result.Diagnostics[2].Message);
    }

    [Fact]
    public void Load_BackoffInitialAboveMax_IsOnlyAWarning()
    {
        var result = Load("""
            programs:
              app:
                command: app
                backoff: {initial: 1m, max: 10s}
            """);

        Assert.NotNull(result.Config);
        var warning = SingleAt(result, Severity.Warning, "4:24");
        Assert.Contains("greater than max", warning.Message);
    }

    [Fact]
    public void Load_ManyProblems_AreAllReportedInFileOrder()
    {
        var result = Load("""
            programs:
              web:
                command: nginx
                main: yes
                stop_timeout: forever
                restrat: always
              "bad name":
                command: x
              worker:
                user: app
              a: {command: a, main: true}
              b: {command: b, main: true}
            """);

        Assert.Null(result.Config);
        Assert.True(result.HasErrors);
        Assert.Equal(
            [
                "tend.yaml:4:11 invalid value for 'main': 'yes'",
                "tend.yaml:5:19 invalid value for 'stop_timeout': invalid duration 'forever'",
                "tend.yaml:6:5 unknown key 'restrat' in program 'web'",
                "tend.yaml:7:3 invalid program name 'bad name'",
                "tend.yaml:9:3 program 'worker' has no command",
                "tend.yaml:12:25 more than one program has 'main: true': a, b",
            ],
            result.Diagnostics.Select(d => $"{d.Location} {d.Message}"));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Hint)));
    }
}
