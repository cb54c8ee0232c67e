using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>What s6-rc-compile or s6-overlay would refuse, and what Tend cannot run, each reported at its file.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6OverlayErrorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Diagnostic Error(IReadOnlyDictionary<string, string>? env = null) =>
        TempTree.SingleError(S6OverlayReader.Read(_tree.Root, null, env ?? TempTree.Env()));

    private void Oneshot(string name, string up)
    {
        _tree.File($"etc/s6-overlay/s6-rc.d/{name}/type", "oneshot\n");
        _tree.File($"etc/s6-overlay/s6-rc.d/{name}/up", up);
    }

    private void Longrun(string name)
    {
        _tree.File($"etc/s6-overlay/s6-rc.d/{name}/type", "longrun\n");
        _tree.Script($"etc/s6-overlay/s6-rc.d/{name}/run");
    }

    [Fact]
    public void Up_ExeclineIf_ErrorAtItsLine()
    {
        var up = _tree.Path("etc/s6-overlay/s6-rc.d/init/up");
        Oneshot("init", "# prepare the cache\nif { mkdir -p /var/cache/app }\n/app/init\n");

        var error = Error();
        Assert.Equal($"{up}:2", error.Location?.ToString());
        Assert.Contains("'if'", error.Message);
        Assert.Contains("execlineb", error.Message);
    }

    [Fact]
    public void Up_ForegroundAfterWithContenv_Error()
    {
        Oneshot("init", "with-contenv foreground { echo hi } /app/init\n");

        Assert.Contains("'foreground'", Error().Message);
    }

    [Fact]
    public void Up_BlockInArguments_ErrorAtTheBlockLine()
    {
        var up = _tree.Path("etc/s6-overlay/s6-rc.d/init/up");
        Oneshot("init", "/usr/bin/s6-setuidgid app\n{\n/app/init\n}\n");

        var error = Error();
        Assert.Equal($"{up}:2", error.Location?.ToString());
        Assert.Contains("block", error.Message);
    }

    [Fact]
    public void Down_Importas_ErrorNamesTheDownFile()
    {
        Oneshot("init", "/app/init\n");
        var down = _tree.File("etc/s6-overlay/s6-rc.d/init/down", "importas -i HOME HOME /app/cleanup $HOME\n");

        var error = Error();
        Assert.Equal($"{down}:1", error.Location?.ToString());
        Assert.Contains("'importas'", error.Message);
    }

    [Fact]
    public void Up_Missing_ErrorNamesTheDirectory()
    {
        _tree.File("etc/s6-overlay/s6-rc.d/init/type", "oneshot\n");

        var error = Error();
        Assert.Contains(_tree.Path("etc/s6-overlay/s6-rc.d/init"), error.Message);
        Assert.Contains("no up file", error.Message);
    }

    [Fact]
    public void Longrun_MissingRun_Error()
    {
        _tree.File("etc/s6-overlay/s6-rc.d/web/type", "longrun\n");

        var error = Error();
        Assert.Contains(_tree.Path("etc/s6-overlay/s6-rc.d/web"), error.Message);
        Assert.Contains("has no run file", error.Message);
    }

    [Fact]
    public void ServicesD_MissingRun_Error()
    {
        _tree.File("etc/services.d/nginx/finish");

        var error = Error();
        Assert.Contains(_tree.Path("etc/services.d/nginx"), error.Message);
    }

    [Fact]
    public void Type_Unknown_ErrorAtTheTypeFile()
    {
        var type = _tree.File("etc/s6-overlay/s6-rc.d/web/type", "daemon\n");

        var error = Error();
        Assert.Equal($"{type}:1", error.Location?.ToString());
        Assert.Contains("unknown s6-rc service type 'daemon'", error.Message);
    }

    [Fact]
    public void Type_Missing_Error()
    {
        _tree.Script("etc/s6-overlay/s6-rc.d/web/run");

        Assert.Contains("has no type file", Error().Message);
    }

    [Fact]
    public void DependenciesD_Cycle_ErrorNamesTheCycleAtTheClosingFile()
    {
        Longrun("a");
        Longrun("b");
        Longrun("c");
        _tree.File("etc/s6-overlay/s6-rc.d/a/dependencies.d/b");
        _tree.File("etc/s6-overlay/s6-rc.d/b/dependencies.d/c");
        var closing = _tree.File("etc/s6-overlay/s6-rc.d/c/dependencies.d/a");

        var error = Error();
        Assert.Equal("dependency cycle: a -> b -> c -> a", error.Message);
        Assert.Equal($"{closing}:1", error.Location?.ToString());
    }

    [Fact]
    public void DependenciesD_Undefined_ErrorAtTheDependencyFile()
    {
        Longrun("web");
        var dep = _tree.File("etc/s6-overlay/s6-rc.d/web/dependencies.d/redis");

        var error = Error();
        Assert.Equal($"{dep}:1", error.Location?.ToString());
        Assert.Contains("'web' depends on 'redis', which is not defined", error.Message);
    }

    [Fact]
    public void ProducerFor_WithoutConsumerFor_Error()
    {
        Longrun("web");
        Longrun("web-log");
        var producer = _tree.File("etc/s6-overlay/s6-rc.d/web/producer-for", "web-log\n");

        var error = Error();
        Assert.Equal($"{producer}:1", error.Location?.ToString());
        Assert.Contains("has no consumer-for", error.Message);
    }

    [Fact]
    public void NotificationFd_NotANumber_ErrorAtTheFile()
    {
        Longrun("web");
        var fd = _tree.File("etc/s6-overlay/s6-rc.d/web/notification-fd", "three\n");

        var error = Error();
        Assert.Equal($"{fd}:1", error.Location?.ToString());
    }

    [Fact]
    public void UnsupportedS6Variable_WarningButStillLoads()
    {
        Longrun("web");
        var result = S6OverlayReader.Read(_tree.Root, null, TempTree.Env(("S6_READ_ONLY_ROOT", "1"), ("S6_VERBOSITY", "1"), ("PATH", "/bin")));

        Assert.NotNull(result.Config);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("S6_READ_ONLY_ROOT is not supported by Tend and is ignored", warning.Message);
        Assert.Equal(1, result.Config.S6!.Verbosity);
    }

    [Fact]
    public void S6Variable_OutOfRange_Error()
    {
        Longrun("web");

        Assert.Contains("S6_BEHAVIOUR_IF_STAGE2_FAILS='3'", Error(TempTree.Env(("S6_BEHAVIOUR_IF_STAGE2_FAILS", "3"))).Message);
    }
}
