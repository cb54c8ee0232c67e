using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

/// <summary>Issue 24: ready_log_line (a regular expression, checked at load) and the startup probe (readiness's shape).</summary>
public class ReadyLogLineAndStartupConfigTests
{
    [Fact]
    public void Load_ReadyLogLine_KeepsThePattern()
    {
        var p = LoadSingle("""
            programs:
              db:
                command: postgres
                ready_log_line: 'ready to accept connections on port [0-9]+$'
            """);

        Assert.Equal("ready to accept connections on port [0-9]+$", p.ReadyLogLine);
        Assert.Null(p.Startup);
    }

    [Theory]
    [InlineData("'listening on (port'", "4:21", "insufficient closing parentheses at offset")]
    [InlineData("'[0-9'", "4:21", "unterminated bracket")]
    [InlineData("'*ready'", "4:21", "quantifier after nothing at offset 1")]
    public void Load_ReadyLogLineThatIsNoRegularExpression_IsAnErrorAtItsLineNamingKeyAndFault(string pattern, string at, string fault)
    {
        var error = SingleErrorAt(Load($"programs:\n  db:\n    command: db\n    ready_log_line: {pattern}\n"), at);

        Assert.Contains("'ready_log_line' is not a valid regular expression", error.Message);
        Assert.Contains(fault, error.Message);
        Assert.Contains("e.g.", error.Hint);
    }

    [Fact]
    public void Load_ReadyLogLineNotAString_IsAnError()
    {
        var error = SingleErrorAt(Load("programs:\n  db:\n    command: db\n    ready_log_line: [a, b]\n"), "4:21");

        Assert.Contains("ready_log_line", error.Message);
    }

    [Fact]
    public void Load_StartupProbe_ReadsEveryFieldAsReadinessDoes()
    {
        var p = LoadSingle("""
            programs:
              db:
                command: postgres
                startup: {exec: ["pg_isready", "-q"], interval: 2s, failure_threshold: 30, initial_delay: 1s}
            """);

        Assert.Equal(new ProbeSpec
        {
            Kind = ProbeKind.Exec,
            Command = p.Startup!.Command,
            Interval = TimeSpan.FromSeconds(2),
            InitialDelay = TimeSpan.FromSeconds(1),
            FailureThreshold = 30,
            DefinedAt = new SourceLocation("tend.yaml", 4, 14),
        }, p.Startup);
        Assert.Equal(["pg_isready", "-q"], p.Startup.Command);
        Assert.Null(p.Readiness);
        Assert.Null(p.Liveness);
    }

    [Fact]
    public void Load_StartupProbeWithTwoChecks_IsAnError()
    {
        var result = Load("programs:\n  db:\n    command: db\n    startup: {tcp: \"127.0.0.1:5432\", exec: [\"true\"]}\n");

        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains("startup", error.Message);
    }

    [Fact]
    public void Load_StartupProbeWithAnUnknownKey_IsAnErrorWithAHint()
    {
        var result = Load("programs:\n  db:\n    command: db\n    startup: {tcp: \"127.0.0.1:5432\", failure_treshold: 3}\n");

        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains("failure_treshold", error.Message);
    }
}
