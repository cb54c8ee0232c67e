using Tend.ContainerTests.Infrastructure;
using static Tend.ContainerTests.Infrastructure.Programs;

namespace Tend.ContainerTests;

/// <summary>
/// The x64 release tarball, ADDed at / of each kind of root a user's image can be (issue 22): only
/// busybox-static and no libc at all (scratch, distroless/static), musl and no glibc (Alpine), and
/// Debian 12's glibc. In each, Tend as PID 1 starts, prefixes logs, answers `tend health` (the
/// HEALTHCHECK) and `tend ctl`, takes sd_notify, stops on `podman stop` with exit 0, and exits with
/// a main program's code; and all of it again as uid 1000 on a read-only root with only a tmpfs
/// /tmp, where the control socket and sd_notify sockets must live in /tmp.
/// </summary>
public class RootKindTests : IClassFixture<BuiltImages>
{
    public static TheoryData<string, bool> Roots() => new()
    {
        { "busybox", false }, { "busybox", true },
        { "musl", false }, { "musl", true },
        { "debian", false }, { "debian", true },
    };

    /// <summary>uid 1000 (no such user in the image), a read-only root, and a tmpfs on /tmp only (podman's own tmpfs on /run too would hide what a plain read-only root gives).</summary>
    private static readonly string[] NonRoot = ["--user", "1000:1000", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp"];

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Roots))]
    public async Task Tend_from_the_tarball_supervises_answers_health_and_ctl_takes_sd_notify_and_stops_with_0(string kind, bool nonRoot)
    {
        await Task.Yield();
        var image = RootImage(kind);
        using var dir = ReadableConfig($"""
            programs:
              db:
                command: {Sh("trap 'echo db got TERM; exit 0' TERM; echo db up as $(id -u); sd-notify STATUS=warming; sd-notify READY=1; while :; do sleep 1; done")}
                notify: systemd
                critical: true
              web:
                command: {Sh("trap 'echo web got TERM; exit 0' TERM; echo web up; echo web warning >&2; while :; do sleep 1; done")}
                depends_on:
                  db:
                    condition: ready
            """);
        using var c = Container.Run(image, [.. nonRoot ? NonRoot : [], "-v", $"{dir.Path}:/etc/tend:ro"]);

        c.WaitForLine($@"^db\s+\| db up as {(nonRoot ? 1000 : 0)}$", "out");
        c.WaitForLine(@"db is ready \(sd_notify READY=1\)");
        c.WaitForLine(@"^web\s+\| web up$", "out");
        c.WaitForLine(@"^web\s+\| web warning$", "err");
        if (nonRoot) c.WaitForLine(@"control socket: /tmp/tend-1000/tend\.sock \(/run is not writable by uid 1000\)");
        if (kind != "debian")
            Assert.NotEqual(0, c.Exec("test", "-e", "/lib64/ld-linux-x86-64.so.2").Code); // no glibc in this root

        c.WaitForHealth("healthy");
        var status = c.Exec("tend", "ctl", "status");
        Assert.True(status.Code == 0, $"tend ctl status: {status.Out}{status.Err}");
        Assert.Matches(@"(?m)^web\s+RUNNING", status.Out);
        Assert.Matches(@"(?m)^db\s+RUNNING", status.Out);
        var health = c.Exec("tend", "health");
        Assert.True(health.Code == 0, $"tend health: {health.Out}{health.Err}");

        var took = c.Stop(10);
        Assert.True(took < TimeSpan.FromSeconds(5), $"podman stop took {took.TotalSeconds:0.00} s of its 10 s grace period");
        Assert.Equal(0, c.ExitCode);
        c.WaitForLine(@"^web\s+\| web got TERM$", "out", TimeSpan.FromSeconds(1));
        c.WaitForLine(@"^db\s+\| db got TERM$", "out", TimeSpan.FromSeconds(1));
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Roots))]
    public async Task A_main_program_exit_code_is_the_container_exit_code(string kind, bool nonRoot)
    {
        await Task.Yield();
        using var c = Container.Run(RootImage(kind), nonRoot ? NonRoot : [],
            ["--", "/bin/sh", "-c", "echo main done; echo main complains >&2; exit 7"]);
        Assert.Equal(7, c.WaitForExit());
        c.WaitForLine(@"^sh\s+\| main done$", "out");
        c.WaitForLine(@"^sh\s+\| main complains$", "err");
    }

    public static TheoryData<string> Kinds() => new() { "busybox", "musl", "debian" };

    /// <summary>The personas from the tarball's one file: a link named init is s6-overlay's /init, one named supervisord answers as supervisord.</summary>
    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_link_to_usr_bin_tend_named_init_or_supervisord_is_that_persona(string kind)
    {
        await Task.Yield();
        using var c = Container.Run(RootImage(kind), ["--entrypoint", "/bin/sh"],
            ["-c", "ln -s /usr/bin/tend /tmp/supervisord && /tmp/supervisord --version && ln -s /usr/bin/tend /tmp/init && exec /tmp/init /bin/sh -c 'echo as init; exit 5'"]);
        Assert.Equal(5, c.WaitForExit());
        c.WaitForLine(@"^\d+\.\d+\.\d+$", "out"); // supervisord --version: the bare version, as supervisord prints it
        c.WaitForLine(@"^\S+\s+\| as init$", "out");
    }

    /// <summary>Tend's own FROM scratch image: the tarball alone, no shell, no /tmp of its own.</summary>
    [Fact(Timeout = 120_000)]
    public async Task The_scratch_image_runs_tend_alone_even_as_uid_1000_on_a_read_only_root()
    {
        await Task.Yield();
        var image = Images.Prefix + "tend-scratch";
        RequireImage(image);
        using var c = Container.Run(image, NonRoot, ["--", "/usr/bin/tend", "probe", "tcp", "127.0.0.1:1"]);
        Assert.Equal(1, c.WaitForExit()); // nothing listens: the probe's own exit code, through Tend
        c.WaitForLine(@"^\S+\s+\| tend: probe tcp 127\.0\.0\.1:1: failed: connection refused$", "err");
        c.WaitForLine(@"control socket: /tmp/tend-1000/tend\.sock");
    }

    private static string RootImage(string kind)
    {
        var image = Images.Prefix + "root-" + kind;
        RequireImage(image);
        return image;
    }

    private static void RequireImage(string image)
    {
        var tarball = Path.Combine(Images.RepoRoot, "out", "release", "tend-linux-x64.tar.gz");
        if (!File.Exists(tarball))
            throw new InvalidOperationException($"{tarball} is missing: bash scripts/release.sh out/release (scripts/test.sh does), then the tests build {image} from it");
        if (Podman.Run("image", "exists", image).Code != 0)
            throw new InvalidOperationException($"{image} was not built: scripts/images.sh builds it from {tarball}");
    }

    /// <summary>tend.yaml in a directory uid 1000 can read too (a test directory is 0700 root's).</summary>
    private static TempDir ReadableConfig(string yaml)
    {
        var dir = new TempDir();
        dir.Write("tend.yaml", yaml);
        var (code, _, err) = Command.Run("chmod", ["-R", "a+rX", dir.Path], TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"chmod -R a+rX {dir.Path}: {err}");
        return dir;
    }
}
