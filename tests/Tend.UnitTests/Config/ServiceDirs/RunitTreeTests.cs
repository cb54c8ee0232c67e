using Tend.Config;
using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>A Debian-style /etc/service: services linked from /etc/sv, a logger, a down file, a check script.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunitTreeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Service => _tree.Path("service");

    private void BuildTypicalTree()
    {
        // /etc/sv/nginx with a logger and a finish; /etc/service/nginx -> /etc/sv/nginx
        _tree.Script("sv/nginx/run", "#!/bin/sh\nexec nginx -g 'daemon off;' 2>&1\n");
        _tree.Script("sv/nginx/finish", "#!/bin/sh\necho nginx ended $1 $2\n");
        _tree.Script("sv/nginx/log/run", "#!/bin/sh\nexec svlogd -tt /var/log/nginx\n");
        _tree.Link("service/nginx", _tree.Path("sv/nginx"));
        // A plain directory with a down file and a check.
        _tree.Script("service/cron/run", "#!/bin/sh\nexec cron -f\n");
        _tree.File("service/cron/down");
        _tree.Script("service/cron/check", "#!/bin/sh\npgrep cron\n");
        // runsvdir skips dot names.
        _tree.Script("service/.hidden/run");
    }

    [Fact]
    public void Read_TypicalTree_OneProgramPerServicePlusItsLogger()
    {
        BuildTypicalTree();
        var config = TempTree.Valid(RunitTreeReader.Read(Service));

        Assert.Equal(ConfigLayout.Runit, config.Layout);
        Assert.Equal(["cron", "nginx", "nginx-log"], config.Programs.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Service, config.Source);
    }

    [Fact]
    public void Read_AServiceNamedLikeAnotherServicesLogger_IsAnErrorNamingTheName()
    {
        _tree.Script("service/web/run", "#!/bin/sh\nexec web\n");
        _tree.Script("service/web/log/run", "#!/bin/sh\nexec svlogd .\n");
        _tree.Script("service/web-log/run", "#!/bin/sh\nexec other\n");

        var result = RunitTreeReader.Read(Service);

        Assert.Null(result.Config);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("two programs would be named 'web-log'", error.Message);
        Assert.Contains("a service's logger is named SERVICE-log", error.Hint);
    }

    [Fact]
    public void Read_SymlinkedService_RunsFromTheLinkPathWithRunitDefaults()
    {
        BuildTypicalTree();
        var nginx = TempTree.Program(TempTree.Valid(RunitTreeReader.Read(Service)), "nginx");

        var dir = Path.Combine(Service, "nginx");
        Assert.Equal([Path.Combine(dir, "run")], nginx.Command);
        Assert.Equal(dir, nginx.WorkingDir);
        Assert.Equal(dir, nginx.ServiceDirectory);
        Assert.True(nginx.AutoStart);
        Assert.Equal(RestartPolicy.Always, nginx.Restart);
        Assert.Equal(ProgramKind.Longrun, nginx.Kind);
        // runsv: never gives up, pauses 1 s after a run that lived under 1 s.
        Assert.True(nginx.StartRetries > 1_000_000);
        Assert.Equal(TimeSpan.FromMilliseconds(100), nginx.Backoff.Initial); // no 1-second floor, unlike runsv
        Assert.Equal(TimeSpan.FromSeconds(1), nginx.Backoff.Max);
        Assert.False(nginx.StopAsGroup);
    }

    [Fact]
    public void Read_Finish_IsRunitStyleWithoutTimeout()
    {
        BuildTypicalTree();
        var nginx = TempTree.Program(TempTree.Valid(RunitTreeReader.Read(Service)), "nginx");

        Assert.Equal([Path.Combine(Service, "nginx", "finish")], nginx.FinishCommand);
        Assert.Equal(FinishStyle.Runit, nginx.FinishStyle);
        Assert.Null(nginx.FinishTimeout);
    }

    [Fact]
    public void Read_LogRun_IsAProgramFedByTheServiceStdout()
    {
        BuildTypicalTree();
        var config = TempTree.Valid(RunitTreeReader.Read(Service));
        var log = TempTree.Program(config, "nginx-log");
        var nginx = TempTree.Program(config, "nginx");

        Assert.Equal("nginx", log.StdinFrom);
        Assert.Equal([Path.Combine(Service, "nginx", "log", "run")], log.Command);
        Assert.Equal(Path.Combine(Service, "nginx", "log"), log.ServiceDirectory);
        Assert.Null(nginx.StdinFrom);
        var dep = Assert.Single(nginx.DependsOn);
        Assert.Equal(("nginx-log", DependencyCondition.Started), (dep.Program, dep.Condition));
    }

    [Fact]
    public void Read_DownFileAndCheck_NotAutoStartedAndReadinessProbe()
    {
        BuildTypicalTree();
        var cron = TempTree.Program(TempTree.Valid(RunitTreeReader.Read(Service)), "cron");

        Assert.False(cron.AutoStart);
        Assert.Null(cron.FinishCommand);
        Assert.NotNull(cron.Readiness);
        Assert.Equal(ProbeKind.Exec, cron.Readiness.Kind);
        Assert.Equal([Path.Combine(Service, "cron", "check")], cron.Readiness.Command);
        Assert.Empty(cron.DependsOn);
    }

    [Fact]
    public void Read_CheckNotExecutable_NoProbe()
    {
        _tree.Script("service/app/run");
        _tree.File("service/app/check", "#!/bin/sh\ntrue\n");

        Assert.Null(TempTree.Program(TempTree.Valid(RunitTreeReader.Read(Service)), "app").Readiness);
    }

    [Fact]
    public void Read_ServiceWithoutRun_ErrorNamesTheDirectory()
    {
        _tree.Script("service/web/run");
        _tree.File("service/broken/finish");

        var error = TempTree.SingleError(RunitTreeReader.Read(Service));
        Assert.Contains(Path.Combine(Service, "broken"), error.Message);
        Assert.Contains("has no run file", error.Message);
    }

    [Fact]
    public void Read_RunNotExecutable_ErrorAtTheRunFile()
    {
        var run = _tree.File("service/web/run", "#!/bin/sh\n");

        var error = TempTree.SingleError(RunitTreeReader.Read(Service));
        Assert.Equal($"{run}:1", error.Location?.ToString());
        Assert.Contains("not executable", error.Message);
    }

    [Fact]
    public void Read_LogDirWithoutRun_Error()
    {
        _tree.Script("service/web/run");
        _tree.File("service/web/log/config", "s100000\n");

        var error = TempTree.SingleError(RunitTreeReader.Read(Service));
        Assert.Contains(Path.Combine(Service, "web", "log"), error.Message);
    }

    [Fact]
    public void Read_ServiceNamedLikeAnotherOnesLogger_Error()
    {
        _tree.Script("service/web/run");
        _tree.Script("service/web/log/run");
        _tree.Script("service/web-log/run");

        var error = TempTree.SingleError(RunitTreeReader.Read(Service));
        Assert.Contains("'web-log'", error.Message);
    }

    [Fact]
    public void Read_BrokenSymlink_WarnsAndSkips()
    {
        _tree.Script("service/web/run");
        _tree.Link("service/gone", _tree.Path("sv/gone"));

        var result = RunitTreeReader.Read(Service);
        Assert.Equal(["web"], TempTree.Valid(result).Programs.Select(p => p.Name));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains(Path.Combine(Service, "gone"), warning.Message);
    }

    [Fact]
    public void Load_Directory_DetectsARunitTree()
    {
        BuildTypicalTree();
        var config = TempTree.Valid(ConfigLoader.Load(Service, TempTree.Env()));

        Assert.Equal(ConfigLayout.Runit, config.Layout);
        Assert.Equal(3, config.Programs.Count);
    }

    [Fact]
    public void Load_DirectoryOfNothing_Error()
    {
        Directory.CreateDirectory(_tree.Path("empty/sub"));

        var error = TempTree.SingleError(ConfigLoader.Load(_tree.Path("empty"), TempTree.Env()));
        Assert.Contains("neither a runit service tree nor an s6-overlay root", error.Message);
    }
}
