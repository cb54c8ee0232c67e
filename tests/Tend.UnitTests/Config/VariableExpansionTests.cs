using Tend.Config;
using Tend.Model;
using static Tend.UnitTests.Config.ConfigTestSupport;

namespace Tend.UnitTests.Config;

public class VariableExpansionTests
{
    private static readonly Dictionary<string, string> Environment = Env(("SET", "value"), ("EMPTY", ""));

    [Theory]
    [InlineData("${SET}", "value")]
    [InlineData("a${SET}b", "avalueb")]
    [InlineData("${SET:-d}", "value")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${SET-d}", "value")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("${UNSET:-${SET}}", "value")]
    [InlineData("${UNSET:-a ${SET:-x} b}", "a value b")]
    [InlineData("${SET:?must be set}", "value")]
    [InlineData("${EMPTY?must be set}", "")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("$$${SET}", "$${SET}")]
    [InlineData("$HOME and $", "$HOME and $")]
    [InlineData("cost: $5 {x}", "cost: $5 {x}")]
    [InlineData("$$HOME", "$$HOME")]
    public void Expand_Forms_ProduceExpectedText(string text, string expected)
    {
        var result = new VariableExpander(Environment).Expand(text);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Empty(result.UnsetVariables);
    }

    [Theory]
    [InlineData("${A")]
    [InlineData("x ${A:-b")]
    [InlineData("${")]
    [InlineData("${A:-${B}")]
    public void Expand_Unclosed_IsAnError(string text)
    {
        var result = new VariableExpander(Environment).Expand(text);

        Assert.Null(result.Value);
        Assert.NotNull(result.Error);
        Assert.Contains("unclosed '${'", result.Error.Message);
        Assert.Contains("$${", result.Error.Hint);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${1A}")]
    [InlineData("${A B}")]
    [InlineData("${A:x}")]
    [InlineData("${A+x}")]
    public void Expand_InvalidReference_IsAnErrorListingTheForms(string text)
    {
        var result = new VariableExpander(Environment).Expand(text);

        Assert.NotNull(result.Error);
        Assert.Contains($"'{text}'", result.Error.Message);
        Assert.Contains("${NAME:-default}", result.Error.Hint);
    }

    [Fact]
    public void Expand_UnsetWithoutDefault_IsEmptyAndReported()
    {
        var result = new VariableExpander(Environment).Expand("a${NOPE}b${NOPE}${ALSO}");

        Assert.Equal("ab", result.Value);
        Assert.Equal(["NOPE", "ALSO"], result.UnsetVariables);
    }

    [Theory]
    [InlineData("${UNSET:?needed for x}", "variable 'UNSET' is required: needed for x")]
    [InlineData("${EMPTY:?}", "variable 'EMPTY' is required but empty")]
    [InlineData("${UNSET?}", "variable 'UNSET' is required but not set")]
    public void Expand_RequiredMissing_IsAnError(string text, string message)
    {
        var result = new VariableExpander(Environment).Expand(text);

        Assert.NotNull(result.Error);
        Assert.Equal(message, result.Error.Message);
    }

    [Fact]
    public void Load_ExpandsEveryScalarValue()
    {
        var env = Env(("APP", "/usr/bin/app"), ("PORT", "8080"), ("DIR", "/srv"), ("PRIO", "5"), ("SIG", "HUP"), ("MAIN", "true"));
        var p = LoadSingle("""
            programs:
              app:
                command: ["${APP}", "--port=${PORT}", "${UNSET_ARG:-default}"]
                environment: {PORT: "${PORT}", LITERAL: "$${PORT}"}
                working_dir: ${DIR}/app
                priority: ${PRIO}
                stop_signal: ${SIG}
                main: ${MAIN}
                stop_timeout: ${TIMEOUT:-3s}
            """, env);

        Assert.Equal(["/usr/bin/app", "--port=8080", "default"], p.Command);
        Assert.Equal("8080", p.Environment["PORT"]);
        Assert.Equal("${PORT}", p.Environment["LITERAL"]);
        Assert.Equal("/srv/app", p.WorkingDir);
        Assert.Equal(5, p.Priority);
        Assert.Equal(Signals.SIGHUP, p.StopSignal);
        Assert.True(p.Main);
        Assert.Equal(TimeSpan.FromSeconds(3), p.StopTimeout);
    }

    [Fact]
    public void Load_StringCommand_IsExpandedThenSplit_AndBareDollarSurvives()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: sh -c 'echo $HOME $$HOME' ${ARGS}
            """, Env(("ARGS", "one two")));

        Assert.Equal(["sh", "-c", "echo $HOME $$HOME", "one", "two"], p.Command);
    }

    [Fact]
    public void Load_KeysAreNotExpanded()
    {
        var p = LoadSingle("""
            programs:
              app:
                command: app
                environment: {"${X}": v}
            """, Env(("X", "expanded")));

        Assert.Equal("v", p.Environment["${X}"]);
    }

    [Fact]
    public void Load_UnsetVariable_WarnsOnceWithNameAndLocation_AndStillLoads()
    {
        var result = Load("""
            programs:
              app:
                command: [app, "${TOKEN}"]
                environment: {TOKEN: "${TOKEN}"}
            """);

        var warning = SingleAt(result, Severity.Warning, "3:20");
        Assert.Contains("'TOKEN'", warning.Message);
        Assert.Contains("${TOKEN:-default}", warning.Hint);
        Assert.NotNull(result.Config);
        Assert.Equal(["app", ""], result.Config.Programs[0].Command);
        Assert.Equal("", result.Config.Programs[0].Environment["TOKEN"]);
    }

    [Fact]
    public void Load_UnclosedReference_IsAnErrorAtTheValue()
    {
        var result = Load("""
            programs:
              app:
                command: app
                working_dir: /srv/${DIR
            """);

        var error = SingleErrorAt(result, "4:18");
        Assert.Contains("unclosed '${'", error.Message);
    }

    [Fact]
    public void Load_UnsetVariableInTypedField_GivesWarningAndTypeError()
    {
        var result = Load("""
            programs:
              app:
                command: app
                priority: ${PRIO}
            """);

        Assert.Contains("'PRIO'", SingleAt(result, Severity.Warning, "4:15").Message);
        Assert.Equal("expected a whole number", SingleErrorAt(result, "4:15").Hint);
    }
}
