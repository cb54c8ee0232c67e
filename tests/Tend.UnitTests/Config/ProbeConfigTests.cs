using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>readiness and liveness probes: the three kinds, every field, defaults and every error.</summary>
public class ProbeConfigTests
{
    private const string ExpectedUrl = "expected an absolute http:// or https:// URL, e.g. http://127.0.0.1:8080/health";
    private const string PortRange = "a port is a number between 1 and 65535";

    /// <summary>A program "db" whose readiness is <paramref name="probe"/>, written on line 4 from column 16.</summary>
    private static ConfigResult LoadReadiness(string probe) =>
        Load($"programs:\n  db:\n    command: db\n    readiness: {probe}\n");

    [Fact]
    public void Load_ExecProbe_ReadsEveryField()
    {
        var p = LoadSingle("""
            programs:
              db:
                command: postgres
                readiness: {exec: ["pg_isready", "-q"], interval: 200ms, timeout: 2s, initial_delay: 3s, failure_threshold: 5, success_threshold: 2}
            """);

        Assert.NotNull(p.Readiness);
        Assert.Equal(["pg_isready", "-q"], p.Readiness.Command);
        Assert.Equal(new ProbeSpec
        {
            Kind = ProbeKind.Exec,
            Command = p.Readiness.Command,
            Interval = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromSeconds(2),
            InitialDelay = TimeSpan.FromSeconds(3),
            FailureThreshold = 5,
            SuccessThreshold = 2,
            DefinedAt = new SourceLocation("tend.yaml", 4, 16),
        }, p.Readiness);
        Assert.Null(p.Liveness);
    }

    [Fact]
    public void Load_ExecProbeAsString_IsSplitLikeACommand()
    {
        var p = LoadSingle("""
            programs:
              db:
                command: postgres
                readiness: {exec: "pg_isready -h 'my host' -q"}
            """);

        Assert.Equal(["pg_isready", "-h", "my host", "-q"], p.Readiness!.Command);
    }

    [Fact]
    public void Load_ExecProbe_ExpandsVariables()
    {
        var p = LoadSingle("""
            programs:
              db:
                command: postgres
                readiness: {exec: [pg_isready, -p, "${PGPORT}"]}
            """, Env(("PGPORT", "5433")));

        Assert.Equal(["pg_isready", "-p", "5433"], p.Readiness!.Command);
    }

    [Fact]
    public void Load_HttpProbe_KeepsTheUrlAndDefaults()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: web
                liveness: {http: "http://127.0.0.1:8080/health", interval: 5s}
            """);

        Assert.Equal(new ProbeSpec
        {
            Kind = ProbeKind.Http,
            Url = "http://127.0.0.1:8080/health",
            Interval = TimeSpan.FromSeconds(5),
            DefinedAt = new SourceLocation("tend.yaml", 4, 15),
        }, p.Liveness);
        Assert.Empty(p.Liveness!.Command);
        Assert.Null(p.Readiness);
    }

    [Fact]
    public void Load_TcpProbe_TakesEveryOtherValueFromProbeSpec()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: web
                readiness: {tcp: "127.0.0.1:8080"}
            """);

        var defaults = new ProbeSpec { Kind = ProbeKind.Tcp };
        Assert.Equal(defaults with { Command = p.Readiness!.Command, Address = "127.0.0.1:8080", DefinedAt = new SourceLocation("tend.yaml", 4, 16) }, p.Readiness);
        Assert.Equal(TimeSpan.FromSeconds(10), p.Readiness.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), p.Readiness.Timeout);
        Assert.Equal(TimeSpan.Zero, p.Readiness.InitialDelay);
        Assert.Equal(3, p.Readiness.FailureThreshold);
        Assert.Equal(1, p.Readiness.SuccessThreshold);
        Assert.Null(p.Readiness.Url);
    }

    [Fact]
    public void Load_BlockProbes_BothOnOneProgram()
    {
        var p = LoadSingle("""
            programs:
              web:
                command: web
                readiness:
                  tcp: localhost:8080
                  initial_delay: 0s
                liveness:
                  http: http://localhost:8080/live
                  failure_threshold: 1
                  timeout: 500ms
            """);

        Assert.Equal(ProbeKind.Tcp, p.Readiness!.Kind);
        Assert.Equal("localhost:8080", p.Readiness.Address);
        Assert.Equal(new SourceLocation("tend.yaml", 5, 7), p.Readiness.DefinedAt);
        Assert.Equal(ProbeKind.Http, p.Liveness!.Kind);
        Assert.Equal("http://localhost:8080/live", p.Liveness.Url);
        Assert.Equal(1, p.Liveness.FailureThreshold);
        Assert.Equal(TimeSpan.FromMilliseconds(500), p.Liveness.Timeout);
        Assert.Equal(new SourceLocation("tend.yaml", 8, 7), p.Liveness.DefinedAt);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("\"[::1]:5432\"")]
    [InlineData("db.internal:5432")]
    [InlineData("localhost:1")]
    [InlineData("h:65535")]
    public void Load_TcpAddresses_AreAccepted(string address)
    {
        var result = LoadReadiness($"{{tcp: {address}}}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(address.Trim('"'), result.Config!.Programs[0].Readiness!.Address);
    }

    [Theory]
    [InlineData("http://localhost/health")]
    [InlineData("\"http://[::1]:8080/\"")]
    [InlineData("HTTP://db:1/ready?verbose=1")]
    public void Load_HttpUrls_AreAccepted(string url)
    {
        var result = LoadReadiness($"{{http: {url}}}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(url.Trim('"'), result.Config!.Programs[0].Readiness!.Url);
    }

    // ---- errors -------------------------------------------------------------------------------

    [Fact]
    public void Load_HttpsProbe_WithInsecureSkipVerify_IsAccepted()
    {
        var p = LoadSingle("programs:\n  web:\n    command: [web]\n    readiness: {http: \"https://127.0.0.1:8443/health\", insecure_skip_verify: true}\n");

        Assert.Equal("https://127.0.0.1:8443/health", p.Readiness!.Url);
        Assert.True(p.Readiness.InsecureSkipVerify);
        Assert.False(LoadSingle("programs:\n  web:\n    command: [web]\n    readiness: {http: \"https://x/\"}\n").Readiness!.InsecureSkipVerify);
    }

    [Theory]
    [InlineData("{tcp: \"127.0.0.1:80\", insecure_skip_verify: true}")]
    [InlineData("{http: \"http://127.0.0.1/\", insecure_skip_verify: true}")]
    public void Load_InsecureSkipVerify_WithoutAnHttpsUrl_IsAnError(string probe)
    {
        var error = Assert.Single(LoadReadiness(probe).Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("readiness.insecure_skip_verify is set but the probe checks no https:// URL", error.Message);
        Assert.Equal(4, error.Location!.Line);
    }

    [Theory]
    [InlineData("127.0.0.1:8080/health")]
    [InlineData("localhost:8080/health")]
    [InlineData("/health")]
    [InlineData("ftp://host/file")]
    [InlineData("http://")]
    [InlineData("http:/health")]
    [InlineData("\"\"")]
    public void Load_HttpProbeNotAnHttpUrl_IsAnError(string url)
    {
        var error = SingleErrorAt(LoadReadiness($"{{http: {url}}}"), "4:23");

        Assert.Equal($"invalid value for 'readiness.http': '{url.Trim('"')}'", error.Message);
        Assert.Equal(ExpectedUrl, error.Hint);
    }

    [Fact]
    public void Load_HttpProbeOnPortZero_IsAnError()
    {
        var error = SingleErrorAt(LoadReadiness("{http: \"http://127.0.0.1:0/health\"}"), "4:23");

        Assert.Equal("invalid value for 'readiness.http': port 0 is out of range in 'http://127.0.0.1:0/health'", error.Message);
        Assert.Equal(PortRange, error.Hint);
    }

    [Theory]
    [InlineData("127.0.0.1", "'127.0.0.1' has no port", "expected host:port, e.g. 127.0.0.1:8080")]
    [InlineData("\"127.0.0.1:0\"", "port 0 is out of range in '127.0.0.1:0'", PortRange)]
    [InlineData("\"127.0.0.1:65536\"", "port 65536 is out of range in '127.0.0.1:65536'", PortRange)]
    [InlineData("\"127.0.0.1:\"", "invalid port '' in '127.0.0.1:'", PortRange)]
    [InlineData("\"h:http\"", "invalid port 'http' in 'h:http'", PortRange)]
    [InlineData("\":8080\"", "':8080' has no host", "expected host:port, e.g. 127.0.0.1:8080")]
    [InlineData("\"::1:8080\"", "'::1:8080' has an IPv6 address without brackets", "write it in brackets, e.g. [::1]:8080")]
    [InlineData("\"[::1]8080\"", "'[::1]8080' is not host:port", "write an IPv6 address in brackets followed by the port, e.g. [::1]:8080")]
    [InlineData("\"tcp://db:5432\"", "'tcp://db:5432' is a URL, not host:port", "write only the host and port, e.g. 127.0.0.1:8080")]
    [InlineData("\"my host:80\"", "invalid host 'my host' in 'my host:80'", "expected host:port, e.g. 127.0.0.1:8080")]
    public void Load_TcpProbeNotHostPort_IsAnError(string address, string message, string hint)
    {
        var error = SingleErrorAt(LoadReadiness($"{{tcp: {address}}}"), "4:22");

        Assert.Equal($"invalid value for 'readiness.tcp': {message}", error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Theory]
    [InlineData("{http: ~}", "4:23", "invalid value for 'readiness.http': an empty value", ExpectedUrl)]
    [InlineData("{tcp: ~}", "4:22", "invalid value for 'readiness.tcp': an empty value", "expected host:port, e.g. 127.0.0.1:8080")]
    [InlineData("{tcp: [a, 1]}", "4:22", "invalid value for 'readiness.tcp': a list", "expected host:port, e.g. 127.0.0.1:8080")]
    [InlineData("{http: {url: x}}", "4:23", "invalid value for 'readiness.http': a mapping", ExpectedUrl)]
    [InlineData("{exec: {a: b}}", "4:23", "invalid value for 'readiness.exec': a mapping", "expected a list of strings or a string, e.g. [\"nginx\", \"-g\", \"daemon off;\"]")]
    [InlineData("{exec: [a, [b]]}", "4:27", "invalid value for 'readiness.exec': a list", "each argument must be a string; quote empty ones as \"\"")]
    public void Load_ProbeCheckOfTheWrongShape_IsAnError(string probe, string at, string message, string hint)
    {
        var error = SingleErrorAt(LoadReadiness(probe), at);

        Assert.Equal(message, error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Theory]
    [InlineData("{exec: []}", "the readiness probe of program 'db' has an empty exec command")]
    [InlineData("{exec: \"\"}", "the readiness probe of program 'db' has an empty exec command")]
    [InlineData("{exec: [\"\", x]}", "the exec command of the readiness probe of program 'db' starts with an empty word")]
    [InlineData("{exec: ~}", "the readiness probe of program 'db' has an empty exec command")]
    public void Load_EmptyExecProbe_IsAnErrorAtTheCommand(string probe, string message)
    {
        Assert.Equal(message, SingleErrorAt(LoadReadiness(probe), "4:23").Message);
    }

    [Fact]
    public void Load_ExecProbeStringWithShellOperator_IsAnError()
    {
        var error = SingleErrorAt(LoadReadiness("{exec: \"pg_isready | grep ok\"}"), "4:23");

        Assert.Equal("invalid value for 'readiness.exec': the shell operator '|' is not supported in a command string", error.Message);
        Assert.Contains("sh", error.Hint);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{interval: 1s, timeout: 1s}")]
    public void Load_ProbeWithoutCheck_IsAnErrorAtTheProbe(string probe)
    {
        var error = SingleErrorAt(LoadReadiness(probe), "4:16");

        Assert.Equal("the readiness probe of program 'db' has nothing to check", error.Message);
        Assert.Equal("add one of: exec: [\"command\", \"arg\"], http: \"http://127.0.0.1:8080/health\" or tcp: \"127.0.0.1:8080\"", error.Hint);
    }

    [Fact]
    public void Load_ProbeWithTwoChecks_IsAnErrorAtTheSecond()
    {
        var error = SingleErrorAt(LoadReadiness("{exec: [a], tcp: \"h:1\"}"), "4:28");

        Assert.Equal("the readiness probe of program 'db' has more than one check: exec, tcp", error.Message);
        Assert.StartsWith("a probe checks exactly one thing: keep one of exec, http, tcp", error.Hint);
    }

    [Fact]
    public void Load_ProbeWithThreeChecks_ListsThemAll()
    {
        var result = Load("""
            programs:
              web:
                command: web
                liveness:
                  http: http://h/
                  exec: check
                  tcp: h:1
            """);

        Assert.Equal("the liveness probe of program 'web' has more than one check: http, exec, tcp", SingleErrorAt(result, "6:7").Message);
    }

    [Theory]
    [InlineData("intervl", "interval")]
    [InlineData("period", "interval")]
    [InlineData("periodSeconds", "interval")]
    [InlineData("timeoutSeconds", "timeout")]
    [InlineData("retries", "failure_threshold")]
    [InlineData("failureThreshold", "failure_threshold")]
    [InlineData("successThreshold", "success_threshold")]
    [InlineData("start_period", "initial_delay")]
    [InlineData("initialDelaySeconds", "initial_delay")]
    [InlineData("initial-delay", "initial_delay")]
    [InlineData("command", "exec")]
    [InlineData("url", "http")]
    [InlineData("httpGet", "http")]
    [InlineData("tcpSocket", "tcp")]
    public void Load_UnknownProbeKey_SuggestsTheIntendedKey(string written, string suggested)
    {
        var error = SingleErrorAt(LoadReadiness($"{{exec: [a], {written}: 1}}"), "4:28");

        Assert.Equal($"unknown key '{written}' in 'readiness'", error.Message);
        Assert.Equal($"did you mean '{suggested}'?", error.Hint);
    }

    [Fact]
    public void Load_UnknownProbeKeyFarFromAny_ListsTheProbeKeys()
    {
        var error = SingleErrorAt(LoadReadiness("{exec: [a], colour: red}"), "4:28");

        Assert.Equal("valid keys are: exec, http, tcp, interval, timeout, initial_delay, failure_threshold, success_threshold, insecure_skip_verify", error.Hint);
    }

    [Fact]
    public void Load_ComposeHealthcheckTest_SuggestsExecAndSaysNothingIsChecked()
    {
        var result = LoadReadiness("{test: [a]}");

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "tend.yaml:4:16 the readiness probe of program 'db' has nothing to check",
                "tend.yaml:4:17 unknown key 'test' in 'readiness' (did you mean 'exec'?)",
            ],
            result.Diagnostics.Select(d => $"{d.Location} {d.Message}" + (d.Message.StartsWith("unknown", StringComparison.Ordinal) ? $" ({d.Hint})" : "")));
    }

    [Theory]
    [InlineData("interval: 0", "4:38", "readiness.interval must be greater than 0")]
    [InlineData("interval: 0ms", "4:38", "readiness.interval must be greater than 0")]
    [InlineData("timeout: 0s", "4:37", "readiness.timeout must be greater than 0")]
    [InlineData("failure_threshold: 0", "4:47", "readiness.failure_threshold must be at least 1 (got 0)")]
    [InlineData("success_threshold: -1", "4:47", "readiness.success_threshold must be at least 1 (got -1)")]
    [InlineData("interval: -1s", "4:38", "invalid value for 'readiness.interval': negative duration '-1s'")]
    [InlineData("timeout: soon", "4:37", "invalid value for 'readiness.timeout': invalid duration 'soon'")]
    [InlineData("initial_delay: [1s]", "4:43", "invalid value for 'readiness.initial_delay': a list")]
    [InlineData("failure_threshold: many", "4:47", "invalid value for 'readiness.failure_threshold': 'many'")]
    [InlineData("success_threshold: 1.5", "4:47", "invalid value for 'readiness.success_threshold': '1.5'")]
    public void Load_BadProbeTiming_IsAnErrorAtTheValue(string setting, string at, string message)
    {
        var error = SingleErrorAt(LoadReadiness($"{{exec: [a], {setting}}}"), at);

        Assert.Equal(message, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
    }

    [Fact]
    public void Load_ZeroInitialDelay_IsAccepted()
    {
        var result = LoadReadiness("{exec: [a], initial_delay: 0}");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(TimeSpan.Zero, result.Config!.Programs[0].Readiness!.InitialDelay);
    }

    [Theory]
    [InlineData("pg_isready", "invalid value for 'readiness': 'pg_isready'")]
    [InlineData("[pg_isready]", "invalid value for 'readiness': a list")]
    public void Load_ProbeNotAMapping_IsAnError(string probe, string message)
    {
        var error = SingleErrorAt(LoadReadiness(probe), "4:16");

        Assert.Equal(message, error.Message);
        Assert.StartsWith("expected a mapping with one check, e.g. {exec: [\"pg_isready\", \"-q\"]}", error.Hint);
    }

    [Fact]
    public void Load_LivenessErrors_NameTheLivenessKey()
    {
        var result = Load("""
            programs:
              web:
                command: web
                liveness: {tcp: "h", interval: 0}
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "tend.yaml:4:21 invalid value for 'liveness.tcp': 'h' has no port",
                "tend.yaml:4:36 liveness.interval must be greater than 0",
            ],
            result.Diagnostics.Select(d => $"{d.Location} {d.Message}"));
    }
}
