using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// Issue 19: the release tarball, ADDed at / as the README says, brings the s6 helpers real images'
/// scripts call by name (s6-notifyoncheck in linuxserver.io's run scripts, s6-svwait, with-contenv)
/// as links to tend, in /command and /usr/bin where s6-overlay v3 puts them, in every kind of root.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class S6HelperLinkTests : IClassFixture<BuiltImages>
{
    public static TheoryData<string> Kinds() => new() { "busybox", "musl", "debian" };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Kinds))]
    public async Task An_s6_overlay_tree_whose_run_script_calls_s6_notifyoncheck_by_name_runs_from_the_tarball(string kind)
    {
        await Task.Yield();
        var image = Images.Prefix + "root-" + kind;
        var tarball = Path.Combine(Images.RepoRoot, "out", "release", "tend-linux-x64.tar.gz");
        if (!File.Exists(tarball) || Podman.Run("image", "exists", image).Code != 0)
            throw new InvalidOperationException($"{image} from {tarball} is missing: bash scripts/release.sh out/release, then scripts/images.sh");
        using var dir = new TempDir();
        // linuxserver's run line (a shorter wait between checks); app depends on web being ready.
        Script(dir, "s6-rc.d/web/run", "#!/bin/sh\necho web-running\nexec s6-notifyoncheck -d -n 300 -w 100 -c \"test -e /tmp/gate\" sleep 100000\n");
        Put(dir, "s6-rc.d/web/type", "longrun\n");
        Put(dir, "s6-rc.d/web/notification-fd", "3\n");
        Script(dir, "s6-rc.d/app/run", "#!/bin/sh\necho app-started\nexec sleep 100000\n");
        Put(dir, "s6-rc.d/app/type", "longrun\n");
        Put(dir, "s6-rc.d/app/dependencies.d/web", "");
        Put(dir, "s6-rc.d/user/type", "bundle\n");
        Put(dir, "s6-rc.d/user/contents.d/web", "");
        Put(dir, "s6-rc.d/user/contents.d/app", "");
        using var c = Container.Run(image, ["-v", $"{dir.Path}:/etc/s6-overlay:ro"], ["--root", "/"]);
        c.WaitForLine(@"\| web-running$", "out");

        var notReady = c.Exec("/command/s6-svwait", "-U", "-t", "300", "/run/service/web");
        Assert.True(notReady.Code == 99, $"s6-svwait -U before the check passes: {notReady.Code} {notReady.Err}");
        Assert.Equal(0, c.Exec("touch", "/tmp/gate").Code);
        c.WaitForLine(@"\| app-started$", "out");
        var ready = c.Exec("s6-svwait", "-U", "-t", "10000", "/run/service/web");
        Assert.True(ready.Code == 0, $"s6-svwait -U: {ready.Code} {ready.Err}");
        var contenv = c.Exec("/usr/bin/with-contenv", "sh", "-c", "echo from-with-contenv");
        Assert.True(contenv.Out.Trim() == "from-with-contenv", $"{contenv.Code} {contenv.Out} {contenv.Err}");
        c.Stop(10);
        Assert.Equal(0, c.ExitCode);
    }

    private static void Put(TempDir dir, string name, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dir.File(name))!);
        dir.Write(name, content);
    }

    private static void Script(TempDir dir, string name, string content)
    {
        Put(dir, name, content);
        File.SetUnixFileMode(dir.File(name), (UnixFileMode)0b111_101_101);
    }
}
