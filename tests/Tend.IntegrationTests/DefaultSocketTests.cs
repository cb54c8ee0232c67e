using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// The control socket with no flag and no $TEND_SOCKET, as an image's `HEALTHCHECK ["tend", "health"]`
/// uses it: Tend as a non-root user (Kubernetes runAsNonRoot, USER in a Dockerfile), and as root on a
/// read-only /run. Each Tend gets a /tmp and a /run of its own (bind mounts in its mount namespace), so tests and
/// other runs on the machine never meet in the real /tmp; the clients run in that same namespace,
/// as `docker exec` would.
/// </summary>
public class DefaultSocketTests
{
    private const string Nobody = "65534";

    private static string Config(TempDir dir)
    {
        // Tend as nobody must read its config; the temp directory is created 0700.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var tmp = Directory.CreateDirectory(dir.File("tmp")).FullName;
        File.SetUnixFileMode(tmp, (UnixFileMode)0b1_111_111_111); // 1777, as /tmp
        return dir.Write("tend.yaml", $"""
            programs:
              web:
                command: {Dummy("sleep", "inf")}
                start_seconds: 0
            """);
    }

    /// <summary>
    /// Tend as PID 1 with the directory as /mnt and its tmp/ as /tmp, run by <paramref name="setup"/> (shell commands
    /// run as root first), then as <paramref name="user"/> (null: root), with no socket in its environment.
    /// </summary>
    private static TendHost Start(TempDir dir, string? user, string setup = "", params string[] extraArgs)
    {
        var drop = user is null ? "" : $"setpriv --reuid {user} --regid {user} --clear-groups ";
        // The directory is seen as /mnt (its path under the real /tmp is hidden once tmp/ is bound on /tmp).
        // A checkout under /tmp (CI may clone there) would lose out/ the same way: it is bound back at
        // its own path inside the new /tmp, and --rbind carries that mount along.
        var output = Path.Combine(Paths.RepoRoot, "out");
        var keepOutput = output.StartsWith("/tmp/", StringComparison.Ordinal)
            ? $"mkdir -p 'tmp/{output["/tmp/".Length..]}' && mount --bind '{output}' 'tmp/{output["/tmp/".Length..]}' && "
            : "";
        // A /run of its own too: a socket some other Tend left in the machine's /run must not answer for this one.
        var script = $"mount --bind . /mnt && cd /mnt && mkdir -p run && mount --bind run /run && {keepOutput}mount --rbind tmp /tmp && {setup}unset TEND_SOCKET XDG_RUNTIME_DIR && exec {drop}\"$@\"";
        return TendHost.Start(["run", "tend.yaml", .. extraArgs], launcher: ["sh", "-c", script, "sh"], workingDir: dir.Path);
    }

    /// <summary>`tend ARGS` typed by <paramref name="user"/> (null: root) inside Tend's mount namespace, no socket flag or variable.</summary>
    private static (int Code, string Out, string Err) Client(TendHost tend, string? user, params string[] args)
    {
        string[] drop = user is null ? [] : ["setpriv", $"--reuid={user}", $"--regid={user}", "--clear-groups"];
        return Tools.Run("nsenter", [$"--target={tend.TendPid}", "--mount", "--", "env", "-u", "TEND_SOCKET", "-u", "XDG_RUNTIME_DIR",
            .. drop, Paths.Tend, .. args], timeout: TimeSpan.FromSeconds(20));
    }

    /// <summary>Asks `tend health` until it says healthy (the socket answers once Tend listens), bounded.</summary>
    private static (int Code, string Out, string Err) WaitHealthy(TendHost tend, string? user)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var last = Client(tend, user, "health");
        while (last.Code != 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            last = Client(tend, user, "health");
        }
        Assert.True(last.Code == 0, $"tend health: exit {last.Code}: {last.Out}{last.Err}\nTranscript:\n{tend.Transcript()}");
        return last;
    }

    [Fact(Timeout = 90_000)]
    public async Task As_a_non_root_user_with_no_flags_tend_health_and_ctl_status_answer()
    {
        await Task.Yield();
        using var dir = new TempDir();
        Config(dir);
        using var tend = Start(dir, Nobody);
        tend.WaitForLine("web started pid");

        Assert.Equal("healthy\n", WaitHealthy(tend, Nobody).Out);
        var status = Client(tend, Nobody, "ctl", "status");
        Assert.True(status.Code == 0, status.Out + status.Err);
        Assert.Contains(status.Out.Split('\n'), r => r.StartsWith("web ", StringComparison.Ordinal) && r.Contains("RUNNING"));

        // Where it is, and that it is private: a directory of nobody's, 0700, in /tmp.
        var privateDir = Path.Combine(dir.Path, "tmp", $"tend-{Nobody}");
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(privateDir));
        Assert.True(File.Exists(Path.Combine(privateDir, "tend.sock")));
        tend.WaitForLine($"control socket: /tmp/tend-{Nobody}/tend.sock (/run is not writable by uid {Nobody})");
    }

    [Fact(Timeout = 90_000)]
    public async Task As_root_on_a_read_only_run_with_only_tmp_writable_tend_health_answers()
    {
        await Task.Yield();
        using var dir = new TempDir();
        Config(dir);
        using var tend = Start(dir, null, "mount --bind /run /run && mount -o remount,bind,ro /run && ");
        tend.WaitForLine("web started pid");

        Assert.Equal("healthy\n", WaitHealthy(tend, null).Out);
        Assert.Equal(0, Client(tend, null, "ctl", "status").Code);
        Assert.True(File.Exists(Path.Combine(dir.Path, "tmp", "tend-0", "tend.sock")));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_socket_asked_for_on_a_read_only_filesystem_is_refused_in_words()
    {
        await Task.Yield();
        using var dir = new TempDir();
        Config(dir);
        using var tend = Start(dir, null, "mount --bind /run /run && mount -o remount,bind,ro /run && ", "--socket", "/run/tend-it-ro.sock");
        tend.WaitForLine("web started pid");
        // It said "socket error SocketError": .NET has no name for EROFS.
        tend.WaitForLine("control socket /run/tend-it-ro.sock not available: cannot listen on /run/tend-it-ro.sock: read-only file system");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_socket_directory_another_user_made_in_tmp_is_refused_by_server_and_client()
    {
        await Task.Yield();
        using var dir = new TempDir();
        Config(dir);
        // Another user (root here) got there first, and left the directory open to all.
        var planted = Directory.CreateDirectory(Path.Combine(dir.Path, "tmp", $"tend-{Nobody}")).FullName;
        File.SetUnixFileMode(planted, (UnixFileMode)0b111_111_111);
        using var tend = Start(dir, Nobody);
        tend.WaitForLine("web started pid");
        tend.WaitForLine($"control socket (default) not available: /tmp/tend-{Nobody} belongs to uid 0, not to uid {Nobody} (another user created it); " +
                         "remove it, or give the socket a path with --socket or TEND_SOCKET");
        Assert.False(File.Exists(Path.Combine(planted, "tend.sock")));

        // The same user's client will not talk to whatever listens in a directory it does not own.
        var health = Client(tend, Nobody, "health");
        Assert.Equal(1, health.Code);
        Assert.Contains($"not connecting to /tmp/tend-{Nobody}/tend.sock: /tmp/tend-{Nobody} belongs to uid 0", health.Err);
    }
}
