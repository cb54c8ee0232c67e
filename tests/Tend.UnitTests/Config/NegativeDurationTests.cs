using Tend.Config;
using Tend.Config.ServiceDirs;
using Tend.Model;
using Tend.Scheduling;
using Tend.UnitTests.Config.ServiceDirs;

namespace Tend.UnitTests.Config;

/// <summary>
/// A negative duration is refused wherever it is written, in one wording: "negative duration '-5'"
/// (the command line's --kill-grace and --timeout are covered by the CLI integration tests).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NegativeDurationTests
{
    [Fact]
    public void TendYaml_NegativeStopTimeout_OneWording()
    {
        var result = ConfigTestSupport.Load("programs:\n  app:\n    command: app\n    stop_timeout: -5\n");
        Assert.Equal("invalid value for 'stop_timeout': negative duration '-5'", ConfigTestSupport.SingleErrorAt(result, "4:19").Message);
    }

    [Theory]
    [InlineData("startsecs=-1", "startsecs in [program:a]: negative duration '-1'")]
    [InlineData("stopwaitsecs=-5", "stopwaitsecs in [program:a]: negative duration '-5'")]
    public void SupervisordConf_NegativeSeconds_OneWording(string line, string message)
    {
        using var tree = new TempTree();
        var path = tree.File("supervisord.conf", $"[supervisord]\n[program:a]\ncommand=/bin/a\n{line}\n");
        var result = ConfigLoader.Load(path, ConfigTestSupport.NoEnvironment);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(message, error.Message);
        Assert.Equal(4, error.Location?.Line);
    }

    [Theory]
    [InlineData("S6_KILL_GRACETIME")]
    [InlineData("S6_SERVICES_GRACETIME")]
    [InlineData("S6_KILL_FINISH_MAXTIME")]
    [InlineData("S6_CMD_WAIT_FOR_SERVICES_MAXTIME")]
    public void S6Variable_NegativeMilliseconds_OneWording(string variable)
    {
        var diagnostics = new DiagnosticBag();
        S6EnvironmentReader.Read(TempTree.Env((variable, "-5")), diagnostics);
        Assert.Equal($"{variable}: negative duration '-5'", Assert.Single(diagnostics.ToSortedList()).Message);
    }

    [Fact]
    public void S6TimeoutFile_NegativeMilliseconds_OneWording()
    {
        using var tree = new TempTree();
        var path = tree.File("svc/timeout-kill", "-5000\n");
        var diagnostics = new DiagnosticBag();
        Assert.Null(ServiceDirFiles.ReadMilliseconds(path, diagnostics));
        Assert.Equal("timeout-kill: negative duration '-5000'", Assert.Single(diagnostics.ToSortedList()).Message);
    }

    [Fact]
    public void EveryInterval_Negative_OneWording()
    {
        Assert.False(JobSchedule.TryParse("@every -5s", CronDialect.SecondsFirst, out _, out var error));
        Assert.Equal("@every: negative duration '-5s'", error);
    }
}
