using Tend.Config.ServiceDirs;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>
/// What linuxserver.io's images do that Tend refused or misordered (issue 19): marker oneshots whose
/// up file holds only a comment, a user2 service that must come after every init of the user bundle,
/// and v2-style trees whose scripts git kept at 0644.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class S6RealImageTreeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private void Oneshot(string name, string up, params string[] deps)
    {
        _tree.File($"etc/s6-overlay/s6-rc.d/{name}/type", "oneshot\n");
        _tree.File($"etc/s6-overlay/s6-rc.d/{name}/up", up);
        foreach (var d in deps) _tree.File($"etc/s6-overlay/s6-rc.d/{name}/dependencies.d/{d}");
    }

    private TendConfig Load() => TempTree.Valid(S6OverlayReader.Read(_tree.Root, null, TempTree.Env()));

    [Theory]
    [InlineData("# This file doesn't do anything, it just signals that services can start\n")]
    [InlineData("")]
    [InlineData("\n  \n# one\n# two\n")]
    public void Up_OnlyComments_ANoOpThatSucceeds(string up)
    {
        Oneshot("init-services", up);
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/init-services");

        var program = TempTree.Program(Load(), "init-services");
        Assert.Equal(ProgramKind.Oneshot, program.Kind);
        Assert.Equal(["true"], program.Command);
        Assert.True(program.AutoStart);
    }

    [Fact]
    public void User2_WaitsForEveryAtomOfUser_AsLegacyServicesDependsOnUser()
    {
        // linuxserver's base image: ci-service-check (user2) prints "[ls.io-init] done." after every init.
        Oneshot("init-config", "# start of the downstream init\n");
        Oneshot("init-services", "# services can start\n", "init-config");
        _tree.File("etc/s6-overlay/s6-rc.d/svc-cron/type", "longrun\n");
        _tree.Script("etc/s6-overlay/s6-rc.d/svc-cron/run");
        _tree.File("etc/s6-overlay/s6-rc.d/svc-cron/dependencies.d/init-services");
        Oneshot("ci-service-check", "echo \"[ls.io-init] done.\"", "legacy-services");
        foreach (var n in (string[])["init-config", "init-services", "svc-cron"]) _tree.File($"etc/s6-overlay/s6-rc.d/user/contents.d/{n}");
        _tree.File("etc/s6-overlay/s6-rc.d/user2/contents.d/ci-service-check");

        var check = TempTree.Program(Load(), "ci-service-check");
        Assert.Equal(
            [("init-config", DependencyCondition.CompletedSuccessfully), ("init-services", DependencyCondition.CompletedSuccessfully), ("svc-cron", DependencyCondition.Started)],
            check.DependsOn.Select(d => (d.Program, d.Condition)).OrderBy(d => d.Program, StringComparer.Ordinal));
    }

    [Fact]
    public void User2Member_WithoutDependencies_StillAfterUser()
    {
        Oneshot("init-app", "/bin/true\n");
        Oneshot("done", "echo done\n");
        _tree.File("etc/s6-overlay/s6-rc.d/user/contents.d/init-app");
        _tree.File("etc/s6-overlay/user-bundles.d/user2/contents.d/done");

        var done = TempTree.Program(Load(), "done");
        Assert.Contains(done.DependsOn, d => d.Program == "init-app" && d.Condition == DependencyCondition.CompletedSuccessfully);
    }

    [Fact]
    public void V2Tree_ScriptsWithoutExecuteBit_RunThroughTheirInterpreter()
    {
        var init = _tree.File("etc/cont-init.d/10-adduser", "#!/usr/bin/with-contenv bash\necho hi\n");
        var run = _tree.File("etc/services.d/nginx/run", "#!/usr/bin/with-contenv bash\nexec nginx\n");
        var finish = _tree.File("etc/services.d/nginx/finish", "#!/bin/sh -e\necho bye\n");
        var fin = _tree.File("etc/cont-finish.d/99-bye", "#!/bin/sh\necho bye\n");

        var result = S6OverlayReader.Read(_tree.Root, null, TempTree.Env());
        var config = TempTree.Valid(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("not executable"));
        Assert.Equal(["bash", init], TempTree.Program(config, "cont-init-10-adduser").Command);
        var nginx = TempTree.Program(config, "nginx");
        Assert.Equal(["bash", run, "nginx"], nginx.Command);
        Assert.Equal(["/bin/sh", "-e", finish], nginx.FinishCommand);
        Assert.Equal(["/bin/sh", fin], config.ShutdownCommands.Single().Command);
    }

    [Fact]
    public void V3Tree_RunWithoutExecuteBit_StillRefused()
    {
        Oneshot("init", "/bin/true\n");
        _tree.File("etc/services.d/nginx/run", "#!/bin/sh\nexec nginx\n");

        var error = TempTree.SingleError(S6OverlayReader.Read(_tree.Root, null, TempTree.Env()));
        Assert.Contains("not executable", error.Message);
    }
}
