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
        var image = RootImage(kind);
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

    /// <summary>
    /// The other three names of the tarball, called as s6-overlay v2 images call them: a cont-init.d
    /// script makes a FIFO with logutil-newfifo and fixes owners and modes with fix-attrs lines on
    /// its stdin (the log directory for nobody among them), and the service's log/run is
    /// `exec logutil-service DIR`, which drops to nobody and writes the service's lines, timestamped,
    /// to DIR/current.
    /// </summary>
    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_v2_tree_calling_fix_attrs_and_logutil_by_name_runs_from_the_tarball(string kind)
    {
        await Task.Yield();
        var image = RootImage(kind);
        using var cont = new TempDir();
        using var services = new TempDir();
        Script(cont, "10-helpers", """
            #!/bin/sh
            set -e
            mkdir -p /var/run/x /var/log/svc /data/sub
            touch /data/sub/f
            logutil-newfifo -m 0640 /var/run/x/fifo
            printf '%s\n' '# owners and modes for nobody' '/var/log/svc false nobody 0644 0700' '/data true nobody 0640 0750' | fix-attrs
            echo init-done
            """ + "\n");
        Script(services, "svc/run", "#!/bin/sh\necho svc-says-hello\nexec sleep 100000\n");
        Script(services, "svc/log/run", "#!/bin/sh\nexec logutil-service /var/log/svc\n");
        using var c = Container.Run(image, ["-v", $"{cont.Path}:/etc/cont-init.d:ro", "-v", $"{services.Path}:/etc/services.d:ro"], ["--root", "/"]);
        c.WaitForLine(@"init-done$", "out");

        var fifo = c.Exec("stat", "-c", "%A %u", "/var/run/x/fifo");
        Assert.True(fifo.Out.Trim() == "prw-r----- 0", $"logutil-newfifo -m 0640: {fifo.Code} {fifo.Out} {fifo.Err}");
        var fixedUp = c.Exec("stat", "-c", "%n %A %u:%g", "/data", "/data/sub", "/data/sub/f", "/var/log/svc");
        Assert.True(fixedUp.Out.Trim() == "/data drwxr-x--- 65534:65534\n/data/sub drwxr-x--- 65534:65534\n/data/sub/f -rw-r----- 65534:65534\n/var/log/svc drwx------ 65534:65534",
            $"fix-attrs: {fixedUp.Code} {fixedUp.Out} {fixedUp.Err}");

        // logutil-service writes as nobody into the directory only nobody may write: the line arriving proves the drop too.
        var logged = c.Exec("timeout", "30", "sh", "-c", "until grep -q svc-says-hello /var/log/svc/current 2>/dev/null; do sleep 0.1; done; cat /var/log/svc/current; stat -c %u /var/log/svc/current");
        Assert.True(logged.Code == 0, $"no svc-says-hello in /var/log/svc/current: {logged.Code} {logged.Out} {logged.Err}\n{string.Join('\n', c.Lines)}");
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} +svc-says-hello$", logged.Out);
        Assert.EndsWith("\n65534", logged.Out.TrimEnd());
        Assert.DoesNotContain(c.Stdout, l => l.EndsWith("svc-says-hello", StringComparison.Ordinal)); // the logger has it, not Tend's log
        c.Stop(10);
        Assert.Equal(0, c.ExitCode);
    }

    private static string RootImage(string kind)
    {
        var image = Images.Prefix + "root-" + kind;
        var tarball = Path.Combine(Images.RepoRoot, "out", "release", "tend-linux-x64.tar.gz");
        if (!File.Exists(tarball) || Podman.Run("image", "exists", image).Code != 0)
            throw new InvalidOperationException($"{image} from {tarball} is missing: bash scripts/release.sh out/release, then scripts/images.sh");
        return image;
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
