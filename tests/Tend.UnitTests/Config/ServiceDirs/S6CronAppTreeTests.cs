using Tend.Config.ServiceDirs;
using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>A cron + app image: services.d for both, a disabled maintenance service, an s6-rc oneshot with a down step.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6CronAppTreeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ConfigResultView Build()
    {
        _tree.File("etc/cont-init.d/01-perms", "#!/bin/sh\nchown -R app /data\n"); // forgot chmod +x
        _tree.Script("etc/services.d/cron/run", "#!/command/with-contenv sh\nexec crond -f -l 2\n");
        _tree.Script("etc/services.d/cron/finish");
        _tree.File("etc/services.d/cron/timeout-finish", "0\n");
        _tree.Script("etc/services.d/app/run", "#!/bin/sh\nexec /app/server\n");
        _tree.File("etc/services.d/app/notification-fd", "4\n");
        _tree.File("etc/services.d/app/flag-timeout-killpg");
        _tree.File("etc/services.d/app/lock-fd", "5\n");
        _tree.Script("etc/services.d/maintenance/run");
        _tree.File("etc/services.d/maintenance/down");
        _tree.File("etc/s6-overlay/s6-rc.d/tmpdirs/type", "oneshot\n");
        _tree.File("etc/s6-overlay/s6-rc.d/tmpdirs/up", "/bin/mkdir -p /tmp/app\n");
        _tree.File("etc/s6-overlay/s6-rc.d/tmpdirs/down", "/bin/rm -rf /tmp/app\n");
        _tree.File("etc/s6-overlay/s6-rc.d/tmpdirs/timeout-down", "2500\n");
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/tmpdirs");
        var result = S6OverlayReader.Read(_tree.Root, null, TempTree.Env());
        return new ConfigResultView(TempTree.Valid(result), result.Diagnostics);
    }

    private sealed record ConfigResultView(TendConfig Config, IReadOnlyList<Diagnostic> Diagnostics);

    [Fact]
    public void Read_NotExecutableContInitAndLockFd_WarnedAtTheirFiles()
    {
        var view = Build();

        Assert.Equal(
            [$"{_tree.Path("etc/cont-init.d/01-perms")}:1", $"{_tree.Path("etc/services.d/app/lock-fd")}:1"],
            view.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.Location?.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_ServicesD_RunGetsTheServiceNameAndReadsItsFiles()
    {
        var config = Build().Config;
        var cron = TempTree.Program(config, "cron");
        var app = TempTree.Program(config, "app");

        // with-contenv is read from the #! line: its interpreter runs the script (the image has no /command).
        Assert.Equal(["sh", _tree.Path("etc/services.d/cron/run"), "cron"], cron.Command);
        Assert.Null(cron.FinishTimeout); // timeout-finish 0: no limit
        Assert.Equal(4, app.NotificationFd);
        Assert.True(app.KillAsGroup);
        Assert.False(app.StopAsGroup);
        Assert.False(TempTree.Program(config, "maintenance").AutoStart);
        Assert.True(cron.AutoStart);
    }

    [Fact]
    public void Read_OneshotDownStepAndItsTimeout()
    {
        var tmp = TempTree.Program(Build().Config, "tmpdirs");

        Assert.Equal(["/bin/mkdir", "-p", "/tmp/app"], tmp.Command);
        Assert.Equal(["/bin/rm", "-rf", "/tmp/app"], tmp.DownCommand);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), tmp.DownTimeout);
        Assert.Null(tmp.StartTimeout);
    }

    [Fact]
    public void SpecComparer_FinishAndDownCommands_ComparedByValue()
    {
        var tmp = TempTree.Program(Build().Config, "tmpdirs");
        var cron = TempTree.Program(Build().Config, "cron");

        Assert.True(SpecComparer.Same(tmp, tmp with { DownCommand = [.. tmp.DownCommand!] }));
        Assert.False(SpecComparer.Same(tmp, tmp with { DownCommand = ["/bin/true"] }));
        Assert.False(SpecComparer.Same(tmp, tmp with { DownCommand = null }));
        Assert.True(SpecComparer.Same(cron, cron with { FinishCommand = [.. cron.FinishCommand!] }));
        Assert.False(SpecComparer.Same(cron, cron with { FinishCommand = ["/other"] }));
    }
}
