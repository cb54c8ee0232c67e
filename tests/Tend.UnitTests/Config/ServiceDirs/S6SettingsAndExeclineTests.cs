using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6SettingsAndExeclineTests
{
    private static S6Settings Settings(params (string, string)[] env)
    {
        var diagnostics = new Tend.Config.DiagnosticBag();
        var settings = S6EnvironmentReader.Read(TempTree.Env(env), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.ToSortedList()));
        return settings;
    }

    [Fact]
    public void Read_NoVariables_S6OverlayDefaults()
    {
        var s = Settings();

        Assert.Equal(S6Stage2Failure.Continue, s.Stage2Failure);
        Assert.Equal(TimeSpan.FromSeconds(3), s.KillGraceTime);
        Assert.Equal(TimeSpan.FromSeconds(3), s.ServicesGraceTime);
        Assert.Equal(TimeSpan.FromSeconds(5), s.KillFinishMaxTime);
        Assert.Null(s.CmdWaitForServicesMaxTime);
        Assert.Equal(2, s.Verbosity);
        Assert.Equal(S6Logging.Console, s.Logging);
    }

    [Fact]
    public void Read_EverySupportedVariable()
    {
        var s = Settings(("S6_BEHAVIOUR_IF_STAGE2_FAILS", "1"), ("S6_KILL_GRACETIME", "100"), ("S6_SERVICES_GRACETIME", "200"),
            ("S6_KILL_FINISH_MAXTIME", "300"), ("S6_CMD_WAIT_FOR_SERVICES", "1"), ("S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "400"),
            ("S6_KEEP_ENV", "1"), ("S6_LOGGING", "2"), ("S6_CMD_RECEIVE_SIGNALS", "1"), ("S6_VERBOSITY", "5"));

        Assert.Equal(S6Stage2Failure.Warn, s.Stage2Failure);
        Assert.Equal(TimeSpan.FromMilliseconds(100), s.KillGraceTime);
        Assert.Equal(TimeSpan.FromMilliseconds(200), s.ServicesGraceTime);
        Assert.Equal(TimeSpan.FromMilliseconds(300), s.KillFinishMaxTime);
        Assert.True(s.CmdWaitForServices);
        Assert.Equal(TimeSpan.FromMilliseconds(400), s.CmdWaitForServicesMaxTime);
        Assert.True(s.KeepEnv);
        Assert.Equal(S6Logging.CatchAllWithCmd, s.Logging);
        Assert.True(s.CmdReceiveSignals);
        Assert.Equal(5, s.Verbosity);
    }

    [Fact]
    public void Read_WaitMaxTimeZero_MeansNoLimit() =>
        Assert.Null(Settings(("S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "0")).CmdWaitForServicesMaxTime);

    [Theory]
    [InlineData("/bin/app --flag value", new[] { "/bin/app", "--flag", "value" })]
    [InlineData("with-contenv\n  /bin/app\n", new[] { "/bin/app" })]
    [InlineData("/command/with-contenv /bin/app", new[] { "/bin/app" })]
    [InlineData("/bin/echo \"two words\" it's", new[] { "/bin/echo", "two words", "it's" })]
    [InlineData("/bin/echo \"a\\\"b\" c\\ d", new[] { "/bin/echo", "a\"b", "c d" })]
    [InlineData("# comment line\n/bin/app # trailing\n", new[] { "/bin/app" })]
    [InlineData("/bin/echo \"{\" \"if\"", new[] { "/bin/echo", "{", "if" })]
    public void Parse_PlainCommandLine_Words(string text, string[] expected)
    {
        var diagnostics = new Tend.Config.DiagnosticBag();
        Assert.Equal(expected, ExeclineCommand.Parse(text, "up", diagnostics));
        Assert.False(diagnostics.HasErrors);
    }

    [Theory]
    [InlineData("", "holds no command", 1)]
    [InlineData("with-contenv\n", "holds no command", 1)]
    [InlineData("/bin/echo\n\"unclosed\n", "unclosed double quote", 2)]
    [InlineData("\n\nbackground { sleep 1 } /bin/app", "'background'", 3)]
    [InlineData("/bin/app\n}\n", "block '}'", 2)]
    public void Parse_Refused_ErrorAtLine(string text, string message, int line)
    {
        var diagnostics = new Tend.Config.DiagnosticBag();
        Assert.Null(ExeclineCommand.Parse(text, "up", diagnostics));
        var error = Assert.Single(diagnostics.ToSortedList());
        Assert.Contains(message, error.Message);
        Assert.Equal($"up:{line}", error.Location?.ToString());
    }
}
