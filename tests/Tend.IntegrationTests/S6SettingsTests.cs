using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// The S6_* variables that change what Tend does in an s6-overlay container, observed from outside:
/// S6_KEEP_ENV with with-contenv, S6_VERBOSITY, S6_LOGGING's catch-all log, s6-rc timeout-up,
/// S6_CMD_WAIT_FOR_SERVICES_MAXTIME; and readiness through notification-fd from a service that
/// drops to another user. Gates are files; every wait has a timeout.
/// </summary>
public class S6SettingsTests
{
    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A service, a cont-init script and the CMD, each with and without with-contenv, report what they see.</summary>
    [Theory(Timeout = 60_000)]
    [InlineData("0")]
    [InlineData("1")]
    public async Task S6_KEEP_ENV_decides_who_sees_the_container_environment(string keepEnv)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var seen = Path.Combine(root, "seen");
        const string Report = "${APP_SECRET-unset}:$PATH";
        Script(root, "etc/cont-init.d/10-plain", $"echo \"init-plain:{Report}\" >> {seen}");
        Write(root, "etc/cont-init.d/20-contenv", $"#!/command/with-contenv sh\necho \"init-contenv:{Report}\" >> {seen}\n");
        File.SetUnixFileMode(Path.Combine(root, "etc/cont-init.d/20-contenv"), (UnixFileMode)0b111_101_101);
        Script(root, "etc/services.d/plain/run", $"echo \"svc-plain:{Report}\" >> {seen}; exec sleep 1000");
        Write(root, "etc/services.d/contenv/run", $"#!/command/with-contenv sh\necho \"svc-contenv:{Report}\" >> {seen}; exec sleep 1000\n");
        File.SetUnixFileMode(Path.Combine(root, "etc/services.d/contenv/run"), (UnixFileMode)0b111_101_101);
        var cmd = Script(root, "cmd.sh", $"while [ $(wc -l < {seen}) -lt 4 ]; do sleep 0.02; done\necho \"cmd:{Report}\" >> {seen}");
        using var tend = TendHost.Start(["run", "--root", root, "--", cmd], env: Env(("APP_SECRET", "s3"), ("S6_KEEP_ENV", keepEnv)));
        Assert.Equal(0, tend.WaitForExit());

        var lines = File.ReadAllLines(seen).ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..]);
        const string ContainerPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; // TendHost's
        var reset = $"unset:/command:{ContainerPath}"; // s6-overlay's /init puts /command in front
        var container = $"s3:{ContainerPath}";
        Assert.Equal(keepEnv == "1" ? container : reset, lines["init-plain"]);
        Assert.Equal(keepEnv == "1" ? container : reset, lines["svc-plain"]);
        Assert.Equal(keepEnv == "1" ? container : reset, lines["cmd"]);
        Assert.Equal(container, lines["init-contenv"]);
        Assert.Equal(container, lines["svc-contenv"]);
    }

    /// <summary>A failing oneshot and a CMD: which of Tend's own lines each S6_VERBOSITY lets through.</summary>
    [Theory(Timeout = 60_000)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task S6_VERBOSITY_chooses_which_of_Tends_own_lines_are_written(int verbosity)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Write(root, "etc/s6-overlay/s6-rc.d/init-fails/type", "oneshot\n");
        Write(root, "etc/s6-overlay/s6-rc.d/init-fails/up", $"{Script(root, "scripts/fails", "exit 3")}\n");
        Write(root, "etc/s6-overlay/user-bundles.d/user/contents.d/init-fails", "");
        Script(root, "etc/services.d/web/run", "exec sleep 1000");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "echo cmd-ran; exit 4"],
            env: Env(("S6_VERBOSITY", verbosity.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(4, tend.WaitForExit());

        Assert.True(tend.Count("init-fails failed: exited with 3") == 1, tend.Transcript()); // an error: always written
        Assert.Contains(tend.Stdout, l => l.EndsWith("| cmd-ran", StringComparison.Ordinal)); // programs' output: always
        Assert.Equal(verbosity >= 2, tend.Count("web started pid") == 1);
        Assert.Equal(verbosity >= 2, tend.Count("cmd exited with 4") == 1);
        Assert.Equal(verbosity >= 3, tend.Count("s6-overlay: S6_KEEP_ENV=0 S6_LOGGING=0 S6_VERBOSITY=3") == 1);
        Assert.Equal(verbosity >= 3, tend.Count("web gets a reset environment (PATH only)") == 1);
    }

    /// <summary>Services' stdout and stderr, and cont-init's, go to ROOT/run/uncaught-logs/current; the CMD's too with 2.</summary>
    [Theory(Timeout = 60_000)]
    [InlineData("1")]
    [InlineData("2")]
    public async Task S6_LOGGING_sends_uncaught_output_to_the_catch_all_log(string logging)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var current = Path.Combine(root, "run/uncaught-logs/current");
        Script(root, "etc/cont-init.d/10-init", "echo init-out");
        Script(root, "etc/services.d/svc/run", "echo svc-out; echo svc-err >&2; exec sleep 1000");
        Script(root, "etc/services.d/logged/run", "echo logged-out; echo logged-err >&2; exec sleep 1000");
        Script(root, "etc/services.d/logged/log/run", $"while read l; do echo \"own-logger: $l\" >> {root}/own.log; done");
        var cmd = Script(root, "cmd.sh", $"until grep -q logged-err {current} 2>/dev/null && grep -q svc-err {current}; do sleep 0.02; done\necho cmd-out");
        using var tend = TendHost.Start(["run", "--root", root, "--", cmd], env: Env(("S6_LOGGING", logging)));
        Assert.Equal(0, tend.WaitForExit());

        var file = File.ReadAllLines(current);
        foreach (var line in new[] { "init-out", "svc-out", "svc-err", "logged-err" })
        {
            Assert.Contains(line, file);
            Assert.DoesNotContain(tend.AllLines, l => l.Line.Contains(line, StringComparison.Ordinal));
        }
        // A service with its own logger keeps it: its stdout is not uncaught.
        Assert.DoesNotContain("logged-out", file);
        WaitForLines(Path.Combine(root, "own.log"), l => l.Contains("own-logger: logged-out"));
        Assert.Equal(logging == "2", file.Contains("cmd-out"));
        Assert.Equal(logging == "1", tend.Stdout.Any(l => l.EndsWith("| cmd-out", StringComparison.Ordinal)));
    }

    /// <summary>s6-rc timeout-up: a oneshot still running after it is killed and counts as failed; what depends on it never starts.</summary>
    [Theory(Timeout = 60_000)]
    [InlineData("0")]
    [InlineData("2")]
    public async Task A_oneshot_past_its_timeout_up_is_killed_and_fails(string behaviour)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var rc = "etc/s6-overlay/s6-rc.d";
        Write(root, $"{rc}/slow/type", "oneshot\n");
        Write(root, $"{rc}/slow/timeout-up", "300\n");
        Write(root, $"{rc}/slow/up", $"{Script(root, "scripts/slow", $"echo slow-began >> {root}/markers; exec sleep 30")}\n");
        Write(root, $"{rc}/svc/type", "longrun\n");
        Write(root, $"{rc}/svc/dependencies.d/slow", "");
        Script(root, $"{rc}/svc/run", $"echo svc-ran >> {root}/markers; exec sleep 1000");
        foreach (var name in new[] { "slow", "svc" })
            Write(root, $"etc/s6-overlay/user-bundles.d/user/contents.d/{name}", "");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "echo cmd-ran; exit 6"],
            env: Env(("S6_BEHAVIOUR_IF_STAGE2_FAILS", behaviour)));
        var code = tend.WaitForExit();

        tend.WaitForLine("slow did not complete within 300 ms: killing it");
        tend.WaitForLine("slow failed: killed at its start timeout");
        Assert.Equal(["slow-began"], File.ReadAllLines(Path.Combine(root, "markers"))); // svc never started
        if (behaviour == "2")
        {
            // The container stops: the CMD never runs; the code is the killed oneshot's (128 + SIGKILL).
            Assert.Equal(137, code);
            Assert.Equal(0, tend.Count("cmd-ran"));
            Assert.True(tend.Count("stopping the container (S6_BEHAVIOUR_IF_STAGE2_FAILS=2)") == 1, tend.Transcript());
        }
        else
        {
            Assert.Equal(6, code); // s6-overlay runs the CMD anyway
            Assert.True(tend.Count("cmd-ran") == 1, tend.Transcript());
        }
    }

    /// <summary>
    /// S6_CMD_WAIT_FOR_SERVICES_MAXTIME bounds start-up, cont-init included (s6-overlay passes it to
    /// s6-rc as -t): past it, the CMD runs anyway, or with S6_BEHAVIOUR_IF_STAGE2_FAILS=2 the container stops.
    /// </summary>
    [Theory(Timeout = 60_000)]
    [InlineData("0")]
    [InlineData("2")]
    public async Task Start_up_past_S6_CMD_WAIT_FOR_SERVICES_MAXTIME_runs_the_CMD_anyway_or_stops(string behaviour)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/cont-init.d/10-stuck", $"echo init-began >> {root}/markers\nwhile :; do sleep 0.05; done");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "echo cmd-ran; exit 5"],
            env: Env(("S6_CMD_WAIT_FOR_SERVICES_MAXTIME", "400"), ("S6_BEHAVIOUR_IF_STAGE2_FAILS", behaviour)));
        var code = tend.WaitForExit();

        Assert.Equal(["init-began"], File.ReadAllLines(Path.Combine(root, "markers")));
        if (behaviour == "2")
        {
            Assert.Equal(1, code);
            Assert.True(tend.Count("start-up not done within 400 ms (waiting: cmd): stopping the container") == 1, tend.Transcript());
            Assert.Equal(0, tend.Count("cmd-ran"));
        }
        else
        {
            Assert.Equal(5, code);
            Assert.True(tend.Count("cmd starting without waiting any longer") == 1, tend.Transcript());
            Assert.True(tend.Count("cmd-ran") == 1, tend.Transcript());
        }
    }

    /// <summary>
    /// A longrun that drops to nobody in its run script (as s6-setuidgid does; here setpriv) still
    /// signals readiness on its notification-fd 3, and the service depending on it starts only after.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_service_that_switches_to_nobody_is_ready_by_notification_fd_before_its_dependent_starts()
    {
        await Task.Yield();
        var setpriv = Tools.Require("setpriv");
        using var dir = new TempDir();
        var root = dir.Path;
        // nobody cannot look inside the test's private directory: the gate is in the shared /tmp.
        var gate = Path.Combine(Path.GetTempPath(), $"tend-s6-gate-{Guid.NewGuid():N}");
        try
        {
            var rc = "etc/s6-overlay/s6-rc.d";
            Write(root, $"{rc}/web/type", "longrun\n");
            Write(root, $"{rc}/web/notification-fd", "3\n");
            Script(root, $"{rc}/web/run",
                $"exec {setpriv} --reuid=nobody --regid=nogroup --clear-groups /bin/sh -c " +
                $"'echo \"web runs as $(id -un)\"; while [ ! -e {gate} ]; do sleep 0.02; done; echo >&3; exec sleep 1000'");
            Write(root, $"{rc}/api/type", "longrun\n");
            Write(root, $"{rc}/api/dependencies.d/web", "");
            Script(root, $"{rc}/api/run", "exec sleep 1000");
            foreach (var name in new[] { "web", "api" })
                Write(root, $"etc/s6-overlay/user-bundles.d/user/contents.d/{name}", "");
            using var tend = TendHost.Start(["run", "--root", root]);

            tend.WaitForLine("| web runs as nobody");
            tend.WaitForLine("api waiting for web (ready)");
            Assert.Equal(0, tend.Count("api started pid"));
            File.WriteAllText(gate, "");
            tend.WaitForLine("api started pid");
            var lines = tend.Stdout.ToList();
            Assert.True(lines.FindIndex(l => l.Contains("web is ready (notification-fd 3)")) < lines.FindIndex(l => l.Contains("api started pid")),
                tend.Transcript());
            tend.Signal(15);
            Assert.Equal(0, tend.WaitForExit());
        }
        finally
        {
            File.Delete(gate);
        }
    }
}
