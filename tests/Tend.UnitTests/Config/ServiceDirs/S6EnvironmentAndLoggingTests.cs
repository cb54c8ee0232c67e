using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>S6_KEEP_ENV with with-contenv, and S6_LOGGING's catch-all log, as the reader applies them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6EnvironmentAndLoggingTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private TendConfig Load(IReadOnlyList<string>? cmd = null, params (string, string)[] env)
    {
        _tree.Script("etc/cont-init.d/10-plain", "#!/bin/sh\necho plain\n");
        _tree.Script("etc/cont-init.d/20-contenv", "#!/command/with-contenv bash -e\necho $SECRET\n");
        _tree.Script("etc/services.d/plain/run", "#!/bin/sh\nexec sleep 1000\n");
        _tree.Script("etc/services.d/contenv/run", "#!/command/with-contenv sh\nexec sleep 1000\n");
        _tree.Script("etc/services.d/contenv/finish", "#!/command/with-contenv sh\nexit 0\n");
        _tree.Script("etc/services.d/contenv/log/run", "#!/bin/sh\nexec cat\n");
        var script = _tree.Script("scripts/init-db", "#!/command/with-contenv sh\necho db\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/type", "oneshot\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-db/up", $"{script}\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-tmp/type", "oneshot\n");
        _tree.File("etc/s6-overlay/s6-rc.d/init-tmp/up", "with-contenv\n/bin/mkdir -p /tmp/x\n");
        _tree.File("etc/s6-overlay/user-bundles.d/user/contents.d/init-db");
        _tree.File("etc/s6-overlay/user-bundles.d/user/contents.d/init-tmp");
        _tree.Script("etc/cont-finish.d/10-plain", "#!/bin/sh\necho bye\n");
        _tree.Script("etc/cont-finish.d/20-contenv", "#!/command/with-contenv sh\necho bye\n");
        var all = new List<(string, string)> { ("PATH", "/usr/local/bin:/usr/bin"), ("SECRET", "s3") };
        all.AddRange(env);
        return TempTree.Valid(S6OverlayReader.Read(_tree.Root, cmd, TempTree.Env([.. all])));
    }

    [Fact]
    public void KeepEnv0_ProgramsWithoutWithContenv_GetOnlyPathAsInitMakesIt()
    {
        var config = Load(["/bin/sh", "-c", "true"]);

        foreach (var name in new[] { "cont-init-10-plain", "plain", "contenv-log", "cmd" })
        {
            var p = TempTree.Program(config, name);
            Assert.True(p.CleanEnvironment, name);
            Assert.Equal(new Dictionary<string, string> { ["PATH"] = "/command:/bin:/usr/local/bin:/usr/bin" }, p.Environment);
        }
        Assert.Equal(new Dictionary<string, string> { ["PATH"] = "/command:/bin:/usr/local/bin:/usr/bin" },
            config.ShutdownCommands.Single(c => c.Name == "cont-finish-10-plain").Environment);
    }

    [Fact]
    public void KeepEnv0_WithContenvInAShebangOrAsFirstWord_GetsTheContainerEnvironmentAndIsRewritten()
    {
        var config = Load(["with-contenv", "php", "artisan"]);

        foreach (var name in new[] { "cont-init-20-contenv", "contenv", "init-db", "init-tmp", "cmd" })
            Assert.False(TempTree.Program(config, name).CleanEnvironment, name);
        Assert.Equal(["bash", "-e", _tree.Path("etc/cont-init.d/20-contenv")], TempTree.Program(config, "cont-init-20-contenv").Command);
        Assert.Equal(["sh", _tree.Path("etc/services.d/contenv/run"), "contenv"], TempTree.Program(config, "contenv").Command);
        Assert.Equal(["sh", _tree.Path("etc/services.d/contenv/finish")], TempTree.Program(config, "contenv").FinishCommand);
        Assert.Equal(["sh", _tree.Path("scripts/init-db")], TempTree.Program(config, "init-db").Command);
        Assert.Equal(["/bin/mkdir", "-p", "/tmp/x"], TempTree.Program(config, "init-tmp").Command);
        Assert.Equal(["php", "artisan"], TempTree.Program(config, "cmd").Command);
        Assert.Null(config.ShutdownCommands.Single(c => c.Name == "cont-finish-20-contenv").Environment);
    }

    [Fact]
    public void KeepEnv1_EveryProgramGetsTheContainerEnvironment()
    {
        var config = Load(["/bin/true"], ("S6_KEEP_ENV", "1"));

        Assert.All(config.Programs, p => Assert.False(p.CleanEnvironment, p.Name));
        Assert.All(config.ShutdownCommands, c => Assert.Null(c.Environment));
        Assert.Equal(["sh", _tree.Path("etc/services.d/contenv/run"), "contenv"], TempTree.Program(config, "contenv").Command);
    }

    [Theory]
    [InlineData("1", false)]
    [InlineData("2", true)]
    public void Logging_CatchAll_EveryProgramButTheCmdAt1WritesRunUncaughtLogsCurrent(string logging, bool cmdToo)
    {
        var config = Load(["/bin/true"], ("S6_LOGGING", logging), ("S6_LOGGING_SCRIPT", "n3 s4096"));
        var current = _tree.Path("run/uncaught-logs/current");

        foreach (var p in config.Programs.Where(p => !p.Main))
        {
            Assert.Equal(current, p.Stdout.File?.Path);
            Assert.Equal(current, p.Stderr.File?.Path);
            Assert.Null(p.Stdout.Console);
            Assert.Equal(4096, p.Stderr.File!.MaxBytes);
            Assert.Equal(3, p.Stderr.File!.Backups);
        }
        var cmd = TempTree.Program(config, "cmd");
        Assert.Equal(cmdToo ? current : null, cmd.Stdout.File?.Path);
        Assert.Equal(current, config.ShutdownCommands[0].Output?.File?.Path);
    }

    [Fact]
    public void Logging0_OutputStaysOnTheConsole()
    {
        var config = Load(["/bin/true"]);

        Assert.All(config.Programs, p => Assert.Null(p.Stdout.File));
        Assert.All(config.ShutdownCommands, c => Assert.Null(c.Output));
    }

    [Fact]
    public void LoggingScript_TimestampsAndOtherDirectives_WarnedNotSilentlyIgnored()
    {
        _tree.Script("etc/services.d/plain/run", "#!/bin/sh\nexec sleep 1000\n");
        var result = S6OverlayReader.Read(_tree.Root, null, TempTree.Env(("S6_LOGGING", "1"), ("S6_LOGGING_SCRIPT", "n20 s1000000 T")));

        var warning = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Contains("S6_LOGGING_SCRIPT: 'T' is not supported", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1_000_000, result.Config!.S6!.CatchAllMaxBytes);
        Assert.Equal(20, result.Config.S6.CatchAllBackups);
    }
}
