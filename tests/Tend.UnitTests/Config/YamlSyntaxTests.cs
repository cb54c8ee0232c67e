using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class YamlSyntaxTests
{
    [Fact]
    public void Load_TabIndentation_ReportsTheTab()
    {
        var result = Load("programs:\n\tweb: {command: a}\n");

        var error = SingleErrorAt(result, "2:1");
        Assert.StartsWith("invalid YAML:", error.Message);
        Assert.Contains("tabs", error.Hint);
    }

    [Fact]
    public void Load_UnclosedQuote_ReportsWhereTheQuoteOpens()
    {
        var result = Load("programs:\n  web:\n    command: \"abc\n");

        var error = SingleErrorAt(result, "3:14");
        Assert.Contains("quoted scalar", error.Message);
        Assert.Contains("quote", error.Hint);
    }

    [Fact]
    public void Load_ColonInPlainValue_ReportsTheColon()
    {
        var result = Load("programs:\n  web:\n    command: echo a: b\n");

        var error = SingleErrorAt(result, "3:20");
        Assert.StartsWith("invalid YAML:", error.Message);
        Assert.Contains("quote values that contain ': '", error.Hint);
    }

    [Fact]
    public void Load_BadIndentation_IsLocated()
    {
        var result = Load("programs:\n  web:\n    command: a\n  - b\n");

        var error = SingleErrorAt(result, "4:3");
        Assert.StartsWith("invalid YAML:", error.Message);
    }

    [Fact]
    public void Load_UnclosedFlowSequence_IsReportedNotThrown()
    {
        var result = Load("programs:\n  web:\n    command: [a, b\n    user: x\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.StartsWith("invalid YAML", error.Message);
        Assert.Equal("tend.yaml", error.Location!.File);
        Assert.True(error.Location.Line >= 3, error.ToString());
        Assert.Null(result.Config);
    }

    [Fact]
    public void Load_DeepNesting_IsAnErrorNotAStackOverflow()
    {
        var yaml = "programs:\n  web:\n    command: " + new string('[', 5000) + new string(']', 5000) + "\n";

        var result = Load(yaml);

        Assert.Null(result.Config);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("nested more than"));
    }

    [Fact]
    public void Load_AnErrorInAListAnAliasRepeats_IsReportedOnce()
    {
        var result = Load("""
            x-signals: &signals [HUP, NOPE, USR1]
            x-env: &env {A: [1]}
            programs:
              web: {command: a, forward_signals: *signals, environment: *env}
              api: {command: a, forward_signals: *signals, environment: *env}
              db: {command: a, forward_signals: *signals}
            """);

        Assert.Null(result.Config);
        Assert.Equal(["tend.yaml:1:27", "tend.yaml:2:17"], result.Diagnostics.Select(d => d.Location!.ToString()));
        Assert.StartsWith("invalid value for 'forward_signals': 'NOPE'", result.Diagnostics[0].Message);
    }
}
