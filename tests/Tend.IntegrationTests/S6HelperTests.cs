using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// What linuxserver.io's images do around their services: S6_STAGE2_HOOK (Docker mods) adds to
/// the tree before it is read, and scripts that other scripts start call with-contenv and
/// s6-setuidgid by name, which Tend answers once linked under those names.
/// </summary>
public class S6HelperTests
{
    private static string Bin(TempDir dir, params string[] names)
    {
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        foreach (var n in names) File.CreateSymbolicLink(Path.Combine(bin, n), Paths.Tend);
        return bin;
    }

    [Fact(Timeout = 60_000)]
    public async Task S6_STAGE2_HOOK_runs_first_and_a_service_it_installs_runs()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        Write(root, "etc/s6-overlay/s6-rc.d/user/contents.d/.keep", "");
        Script(root, "etc/cont-init.d/10-init", "echo init-ran");
        // The hook, as /docker-mods does, drops a mod's service into the tree.
        var hook = Script(dir.Path, "docker-mods", $"""
            echo "hook-ran $1"
            mkdir -p {root}/etc/services.d/mod
            printf '#!/bin/sh\necho mod-up\nexec sleep 100000\n' > {root}/etc/services.d/mod/run
            chmod +x {root}/etc/services.d/mod/run
            """);
        using var tend = TendHost.Start(["run", "--root", root],
            env: new Dictionary<string, string> { ["S6_STAGE2_HOOK"] = hook + " --install" });
        tend.WaitForLine("mod-up");
        var lines = tend.AllLines.Select(l => l.Line).ToList();
        Assert.True(lines.FindIndex(l => l.Contains("hook-ran --install")) < lines.FindIndex(l => l.Contains("init-ran")), tend.Transcript());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_failing_hook_stops_the_container_with_its_code_when_S6_BEHAVIOUR_IF_STAGE2_FAILS_is_2()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        Script(root, "etc/cont-init.d/10-init", "echo init-ran");
        var hook = Script(dir.Path, "hook", "exit 3");
        using var tend = TendHost.Start(["run", "--root", root],
            env: new Dictionary<string, string> { ["S6_STAGE2_HOOK"] = hook, ["S6_BEHAVIOUR_IF_STAGE2_FAILS"] = "2" });
        Assert.Equal(3, tend.WaitForExit());
        Assert.Equal(0, tend.Count("init-ran"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_migration_script_started_by_an_init_script_gets_the_container_environment_and_drops_privileges()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        var bin = Bin(dir, "with-contenv", "s6-setuidgid", "s6-envdir", "printcontenv");
        // linuxserver's init-migrations: a with-contenv script runs /migrations/* itself.
        Write(root, "migrations/01-move", $"#!{bin}/with-contenv sh\necho \"migration sees $APP_SECRET\"\ns6-setuidgid nobody sh -c 'echo \"as uid $(id -u)\"'\nprintcontenv APP_SECRET; echo\n");
        File.SetUnixFileMode(Path.Combine(root, "migrations/01-move"), (UnixFileMode)0b111_101_101);
        Write(root, "envdir/GREETING", "hello\nignored second line\n");
        Script(root, "etc/cont-init.d/10-migrations", $"""
            echo "init sees [$APP_SECRET]"
            {root}/migrations/01-move
            s6-envdir {root}/envdir sh -c 'echo "envdir gives $GREETING"'
            """);
        Script(root, "etc/services.d/app/run", "echo app-up; exec sleep 100000");
        // /run/s6/container_environment is where with-contenv looks: the tree's own run/s6, seen there.
        var launcher = new[] { "sh", "-c", $"mount -t tmpfs tmpfs /run && mkdir -p /run/s6 {root}/run/s6 && mount --bind {root}/run/s6 /run/s6 && exec \"$@\"", "sh" };
        using var tend = TendHost.Start(["run", "--root", root], launcher: launcher,
            env: new Dictionary<string, string> { ["APP_SECRET"] = "s3cret", ["PATH"] = $"{bin}:/usr/sbin:/usr/bin:/sbin:/bin" });
        tend.WaitForLine("app-up");
        var text = tend.Transcript();
        Assert.Contains("init sees []", text); // v3: an init script without with-contenv sees PATH only
        Assert.Contains("migration sees s3cret", text);
        Assert.Contains("as uid 65534", text);
        Assert.Contains("| s3cret", text);
        Assert.Contains("envdir gives hello", text);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task s6_svc_down_and_up_on_a_service_directory_stop_and_start_that_service()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = Path.Combine(dir.Path, "root");
        var bin = Bin(dir, "s6-svc");
        Script(root, "etc/services.d/app/run", "echo app-up; exec sleep 100000");
        using var tend = TendHost.Start(["run", "--root", root]);
        tend.WaitForLine("app-up");
        var env = new Dictionary<string, string> { ["TEND_SOCKET"] = tend.SocketPath };
        // As an image's script does it: s6-svc on the service's directory under /run/service.
        var down = Tools.Run(Path.Combine(bin, "s6-svc"), ["-wD", "-d", "/run/service/app"], env: env);
        Assert.True(down.Code == 0, down.Err);
        Ctl.WaitForStatus(tend, row => row.StartsWith("app ", StringComparison.Ordinal) && row.Contains("STOPPED", StringComparison.Ordinal));
        var up = Tools.Run(Path.Combine(bin, "s6-svc"), ["-u", "/run/service/app"], env: env);
        Assert.True(up.Code == 0, up.Err);
        tend.WaitForCount("app-up", 2);
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
