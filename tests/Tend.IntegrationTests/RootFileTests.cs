using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// The files Tend writes as root, attacked by a user who can write the directory they live in
/// (issue 16, items 2 and 3): a program running as nobody whose log directory is its own, and a
/// runit supervise directory anyone can write. Each attack aims at a root-owned 0644 stand-in for
/// /etc/passwd; it must come out of the attack unchanged, and Tend must say why it refused.
/// </summary>
public class RootFileTests
{
    private const int Nobody = 65534;
    private const string Original = "root:x:0:0:root:/root:/bin/sh\n";

    /// <summary>A scratch directory others may traverse (TempDir is 0700), with the root-owned victim in it.</summary>
    private static (TempDir Dir, string Victim) Scene()
    {
        var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var victim = dir.Write("passwd", Original);
        File.SetUnixFileMode(victim, (UnixFileMode)0b110_100_100);
        return (dir, victim);
    }

    /// <summary>A directory owned by nobody, 0755: the program's own log directory, as a Dockerfile makes it.</summary>
    private static string NobodysDirectory(TempDir dir, string name)
    {
        var path = Directory.CreateDirectory(dir.File(name)).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        Chown(path, Nobody);
        return path;
    }

    private static void Chown(string path, int uid)
    {
        var (code, _, err) = Tools.Run("chown", [$"{uid}:{uid}", path]);
        Assert.True(code == 0, err);
    }

    private static async Task WaitUntil(Func<bool> condition, TendHost tend)
    {
        var deadline = DateTime.UtcNow + TendHost.DefaultTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("never happened; Tend said:\n" + tend.Transcript());
            await Task.Delay(20);
        }
    }

    private static bool Said(TendHost tend, string text) => tend.AllLines.Any(l => l.Line.Contains(text, StringComparison.Ordinal));

    [Fact(Timeout = 60_000)]
    public async Task A_program_running_as_nobody_cannot_make_root_write_through_its_log_symlink_after_rotation()
    {
        await Task.Yield();
        var (dir, victim) = Scene();
        using var _ = dir;
        var logs = NobodysDirectory(dir, "logs");
        var log = Path.Combine(logs, "evil.log");
        // One write big enough to rotate (Tend writes what each read returns, and this is one
        // atomic pipe write). Once the log has been moved to .1 and Tend has opened a new one (at
        // once, as supervisord does), the name becomes a symlink to the victim; a line follows, then
        // enough for the next rotation, which must move the link aside by the directory's
        // descriptor (never following it) and open a new regular file, which gets "after".
        var script = dir.Write("evil.sh", $"""
            head -c 2000 /dev/zero | tr '\0' x
            while [ ! -e {log}.1 ] || [ ! -f {log} ]; do sleep 0.02; done
            ln -sf {victim} {log}
            printf '\nevil::0:0:evil:/root:/bin/sh\n'
            head -c 2000 /dev/zero | tr '\0' y
            while [ -L {log} ]; do sleep 0.02; done
            echo after
            echo planted >&2
            exec sleep 1000
            """);
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:evil]
            command=/bin/sh {script}
            user=nobody
            startsecs=0
            autorestart=false
            stdout_logfile={log}
            stdout_logfile_maxbytes=1KB
            stdout_logfile_backups=1
            """);
        using var tend = TendHost.Start(["run", conf]);

        tend.WaitForLine(l => l.EndsWith("| planted", StringComparison.Ordinal), stream: "err");
        await WaitUntil(() => File.Exists(log) && File.ReadAllText(log).Contains("after", StringComparison.Ordinal), tend);
        Assert.Equal(Original, File.ReadAllText(victim));
        Assert.False(new FileInfo(log).LinkTarget is not null, $"{log} is still a symlink");

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// A program running as nobody writes "first" to its log in its own directory, then replaces
    /// the log with a symlink to <paramref name="target"/> and says "planted"; supervisorctl reaches
    /// Tend through the returned config's socket. Returns once the link is planted.
    /// </summary>
    private static (TendHost Tend, string Conf, string Log) NobodyLinksItsLogTo(TempDir dir, string target)
    {
        var log = Path.Combine(NobodysDirectory(dir, "logs"), "evil.log");
        var script = dir.Write("evil.sh", $"""
            echo first
            while [ ! -s {log} ]; do sleep 0.02; done
            ln -sf {target} {log}
            echo planted >&2
            exec sleep 1000
            """);
        var conf = dir.Write("supervisord.conf", $"""
            [unix_http_server]
            file={dir.File("supervisor.sock")}

            [supervisord]
            nodaemon=true

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{dir.File("supervisor.sock")}

            [program:evil]
            command=/bin/sh {script}
            user=nobody
            startsecs=0
            autorestart=false
            stdout_logfile={log}
            """);
        var tend = TendHost.Start(["run", conf]);
        try
        {
            tend.WaitForLine(l => l.EndsWith("| planted", StringComparison.Ordinal), stream: "err");
        }
        catch
        {
            tend.Dispose();
            throw;
        }
        return (tend, conf, log);
    }

    [Fact(Timeout = 60_000)]
    public async Task Clearing_the_log_of_a_program_running_as_nobody_does_not_truncate_its_symlinks_target()
    {
        await Task.Yield();
        var (dir, victim) = Scene();
        using var _ = dir;
        var (tend, conf, log) = NobodyLinksItsLogTo(dir, victim);
        using var __ = tend;

        var (code, output, err) = Tools.Run("supervisorctl", ["-c", conf, "clear", "evil"]);
        Assert.True(code is 0 or 1, output + err); // the reply is not the point: the file is
        await WaitUntil(() => File.ReadAllText(victim) != Original || Said(tend, $"cannot write log file {log}"), tend);
        Assert.Equal(Original, File.ReadAllText(victim));
        Assert.Contains("symbolic link", tend.WaitForLine($"cannot write log file {log}", stream: "err"));

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task Tailing_the_log_of_a_program_running_as_nobody_does_not_read_its_symlinks_target()
    {
        await Task.Yield();
        var (dir, _) = Scene();
        using var _ = dir;
        var secret = dir.Write("shadow", "root:SECRET-HASH:19000:0:99999:7:::\n");
        File.SetUnixFileMode(secret, (UnixFileMode)0b110_000_000); // root's alone, as /etc/shadow
        var (tend, conf, _) = NobodyLinksItsLogTo(dir, secret);
        using var __ = tend;

        var (code, output, err) = Tools.Run("supervisorctl", ["-c", conf, "tail", "evil"]);
        Assert.True(code == 0, output + err);
        Assert.DoesNotContain("SECRET-HASH", output);
        Assert.Contains("first", output); // what the program wrote, from the history Tend keeps

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task Tend_check_says_at_the_key_which_log_files_it_will_not_write()
    {
        await Task.Yield();
        var (dir, _) = Scene();
        using var _ = dir;
        var shared = Directory.CreateDirectory(dir.File("shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111); // anyone may write, not sticky
        var own = NobodysDirectory(dir, "own");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:open]
            command=sleep 1000
            stdout_logfile={shared}/open.log

            [program:mine]
            command=sleep 1000
            user=nobody
            stdout_logfile={own}/mine.log
            """);
        var (code, _, err) = Tools.Run(Paths.Tend, ["check", conf]);
        Assert.Equal(0, code);
        Assert.Contains($"{conf}:6: warning: Tend will not write the log file of 'open': {shared} can be written by others than root (owner uid 0, mode 0777)", err);
        Assert.DoesNotContain("'mine'", err); // the program's own directory is fine for its own log
    }

    [Fact(Timeout = 60_000)]
    public async Task A_supervise_directory_anyone_can_write_is_refused_and_its_planted_new_file_not_followed()
    {
        await Task.Yield();
        var (dir, victim) = Scene();
        using var _ = dir;
        var services = dir.File("service");
        Script(services, "web/run", "exec sleep 1000");
        var supervise = Directory.CreateDirectory(Path.Combine(services, "web", "supervise")).FullName;
        File.SetUnixFileMode(supervise, (UnixFileMode)0b111_111_111);
        // The attacker: an unprivileged user who can write the supervise directory plants status.new.
        var (code, _, err) = Tools.Run("setpriv", ["--reuid", $"{Nobody}", "--regid", $"{Nobody}", "--clear-groups",
            "ln", "-s", victim, Path.Combine(supervise, "status.new")]);
        Assert.True(code == 0, err);

        using var tend = TendHost.Start(["run", services]);
        tend.WaitForLine("web started");
        await WaitUntil(() => File.ReadAllText(victim) != Original || Said(tend, "sv cannot control this service"), tend);
        Assert.Equal(Original, File.ReadAllText(victim));
        var refusal = tend.WaitForLine("sv cannot control this service", stream: "err");
        Assert.Contains("writable by others", refusal);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_supervise_symlink_to_a_root_directory_as_debian_makes_them_still_serves_the_real_sv()
    {
        await Task.Yield();
        var (dir, _) = Scene();
        using var _ = dir;
        var services = dir.File("service");
        Script(services, "web/run", "exec sleep 1000");
        // Debian's runit: /etc/service/NAME/supervise -> /run/runit/supervise.NAME, created at boot.
        var state = dir.File("run/runit/supervise.web");
        Directory.CreateSymbolicLink(Path.Combine(services, "web", "supervise"), state);

        using var tend = TendHost.Start(["run", services]);
        tend.WaitForLine("web started");
        var env = new Dictionary<string, string> { ["SVDIR"] = services };
        var deadline = DateTime.UtcNow + TendHost.DefaultTimeout;
        var (code, output, err) = Tools.Run("sv", ["status", "web"], env: env);
        while (!output.StartsWith("run: web:", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            (code, output, err) = Tools.Run("sv", ["status", "web"], env: env);
        }
        Assert.True(code == 0, output + err);
        Assert.StartsWith("run: web: (pid ", output);
        Assert.True(File.Exists(Path.Combine(state, "status")));
        Assert.Equal(0, Tools.Run("sv", ["-w", "10", "down", "web"], env: env).Code);
        Assert.StartsWith("down: web:", Tools.Run("sv", ["status", "web"], env: env).Out);

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
