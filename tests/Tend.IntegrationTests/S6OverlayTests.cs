using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// s6-overlay v3 trees of shell scripts run by `tend run --root DIR -- CMD`: stage-2 order, readiness
/// by notification-fd, finish arguments, log/ pipes, oneshot down and cont-finish.d at shutdown, and
/// the container's exit code. Gates are files the test creates; every wait has a timeout.
/// </summary>
public class S6OverlayTests
{
    private static int IndexOf(IReadOnlyList<string> lines, string text)
    {
        for (var i = 0; i < lines.Count; i++)
            if (lines[i].Contains(text, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>An nginx + php-fpm image: cont-init, an s6-rc oneshot, php-fpm ready by notification-fd, nginx after it.</summary>
    private static void WriteWebImage(string root)
    {
        var markers = Path.Combine(root, "markers");
        Script(root, "etc/cont-init.d/10-first", $"echo cont-init-10 >> {markers}");
        Script(root, "etc/cont-init.d/20-second", $"echo cont-init-20 >> {markers}");

        var rc = "etc/s6-overlay/s6-rc.d";
        Write(root, $"{rc}/init-dirs/type", "oneshot\n");
        Write(root, $"{rc}/init-dirs/up", $"{Script(root, "scripts/init-dirs-up", $"echo oneshot-up >> {markers}")}\n");
        Write(root, $"{rc}/init-dirs/down", $"{Script(root, "scripts/init-dirs-down", $"echo oneshot-down >> {markers}")}\n");

        Write(root, $"{rc}/php-fpm/type", "longrun\n");
        Write(root, $"{rc}/php-fpm/notification-fd", "3\n");
        Write(root, $"{rc}/php-fpm/dependencies.d/init-dirs", "");
        Script(root, $"{rc}/php-fpm/run", $"""
            grep -q oneshot-up {markers} && echo php-saw-oneshot >> {markers}
            echo php-fpm-running
            {WaitFor(Path.Combine(root, "gate-php-ready"))}
            echo >&3
            exec sleep 1000
            """);

        Write(root, $"{rc}/nginx/type", "longrun\n");
        Write(root, $"{rc}/nginx/dependencies.d/php-fpm", "");
        Script(root, $"{rc}/nginx/run", $"""
            test -e {root}/gate-php-ready && echo nginx-after-php-ready >> {markers}
            exec sleep 1000
            """);
        Script(root, $"{rc}/nginx/finish", $"echo \"$@\" >> {root}/nginx-finish");
        foreach (var name in new[] { "init-dirs", "php-fpm", "nginx" })
            Write(root, $"etc/s6-overlay/user-bundles.d/user/contents.d/{name}", "");

        // A services.d service with a logger reading its stdout, and one that crashes once.
        Script(root, "etc/services.d/app/run", "echo hello-from-app; exec sleep 1000");
        Script(root, "etc/services.d/app/log/run", $"while read line; do echo \"logged: $line\" >> {root}/app-log; done");
        Script(root, "etc/services.d/crashy/run", $"""
            echo run >> {root}/crashy-runs
            [ "$(wc -l < {root}/crashy-runs)" -ge 2 ] || exit 3
            exec sleep 1000
            """);
        Script(root, "etc/services.d/crashy/finish", $"echo \"$@\" >> {root}/crashy-finish");

        Script(root, "etc/cont-finish.d/10-flush", $"echo cont-finish >> {markers}");
    }

    [Fact(Timeout = 90_000)]
    public async Task I_run_an_s6_overlay_image_in_stage_2_order_with_readiness_finish_arguments_and_the_CMD_exit_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        WriteWebImage(root);
        var cmd = Script(root, "cmd.sh", $"{WaitFor(Path.Combine(root, "gate-cmd-exit"))}\nexit 7");
        using var tend = TendHost.Start(["run", "--root", root, "--", cmd]);

        // nginx waits for php-fpm to be ready, which waits for the test's gate.
        tend.WaitForLine("php-fpm started pid");
        tend.WaitForLine("nginx waiting for php-fpm (ready)");
        Assert.Equal(0, tend.Count("nginx started pid"));
        File.WriteAllText(Path.Combine(root, "gate-php-ready"), "");
        tend.WaitForLine("php-fpm is ready (notification-fd 3)");
        tend.WaitForLine("nginx started pid");
        tend.WaitForLine("cmd started pid");

        var markers = WaitForLines(Path.Combine(root, "markers"), l => l.Contains("nginx-after-php-ready"));
        Assert.Equal(["cont-init-10", "cont-init-20", "oneshot-up", "php-saw-oneshot"], markers.Take(4));

        // log/run reads the service's stdout through the pipe; the line is not in Tend's own output.
        WaitForLines(Path.Combine(root, "app-log"), l => l.Contains("logged: hello-from-app"));
        Assert.Equal(0, tend.Count("hello-from-app"));

        // crashy exited 3 once: finish got s6's "CODE SIGNAL NAME PGID", and it was restarted.
        var crashyFinish = WaitForLines(Path.Combine(root, "crashy-finish"), l => l.Length >= 1);
        Assert.Matches(@"^3 0 crashy \d+$", crashyFinish[0]);
        WaitForLines(Path.Combine(root, "crashy-runs"), l => l.Length >= 2);

        File.WriteAllText(Path.Combine(root, "gate-cmd-exit"), "");
        Assert.Equal(7, tend.WaitForExit());

        // At shutdown: nginx killed by TERM (256, 15), the oneshot's down after its dependents, then cont-finish.d.
        Assert.Matches(@"^256 15 nginx \d+$", File.ReadAllLines(Path.Combine(root, "nginx-finish")).Last());
        var all = File.ReadAllLines(Path.Combine(root, "markers"));
        Assert.Equal(["oneshot-down", "cont-finish"], all.TakeLast(2));
        var lines = tend.Stdout;
        Assert.True(IndexOf(lines, "php-fpm stopped") < IndexOf(lines, "init-dirs running its down command"), tend.Transcript());
        Assert.Equal("7\n", File.ReadAllText(Path.Combine(root, "run/s6-linux-init-container-results/exitcode")));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_finish_script_that_writes_the_exitcode_file_decide_the_container_exit_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/services.d/main/run", "echo main-up; exec sleep 1000");
        // As s6-overlay's README: if $1 = 256 then 128+$2 else $1; here a fixed code to tell it apart.
        Script(root, "etc/services.d/main/finish", $"echo 42 > {root}/run/s6-linux-init-container-results/exitcode");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "exit 3"]);
        Assert.Equal(42, tend.WaitForExit());
        Assert.True(tend.Count("main stopped") > 0, tend.Transcript());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_failing_cont_init_script_stop_the_container_with_S6_BEHAVIOUR_IF_STAGE2_FAILS_2()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/cont-init.d/10-broken", "echo broken; exit 5");
        Script(root, "etc/services.d/web/run", $"echo web-ran >> {root}/markers; exec sleep 1000");
        Script(root, "etc/cont-finish.d/10-cleanup", $"echo cont-finish >> {root}/markers");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "echo cmd-ran; exit 0"],
            env: new Dictionary<string, string> { ["S6_BEHAVIOUR_IF_STAGE2_FAILS"] = "2" });
        Assert.Equal(5, tend.WaitForExit());
        Assert.Equal(["cont-finish"], File.ReadAllLines(Path.Combine(root, "markers")));
        Assert.Equal(0, tend.Count("cmd-ran"));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_failing_cont_init_script_only_warned_about_with_S6_BEHAVIOUR_IF_STAGE2_FAILS_1()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/cont-init.d/10-broken", "exit 5");
        Script(root, "etc/cont-init.d/20-next", $"echo next >> {root}/markers");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "exit 4"],
            env: new Dictionary<string, string> { ["S6_BEHAVIOUR_IF_STAGE2_FAILS"] = "1" });
        Assert.Equal(4, tend.WaitForExit());
        Assert.True(tend.Count("warning: cont-init-10-broken exited with 5") > 0, tend.Transcript());
        Assert.Equal(["next"], File.ReadAllLines(Path.Combine(root, "markers")));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_TERM_passed_to_the_CMD_with_S6_CMD_RECEIVE_SIGNALS()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/services.d/web/run", "exec sleep 1000");
        var cmd = Script(root, "cmd.sh", "trap 'echo cmd-got-term; exit 9' TERM\necho cmd-waiting\nwhile :; do sleep 0.05; done");
        using var tend = TendHost.Start(["run", "--root", root, "--", cmd],
            env: new Dictionary<string, string> { ["S6_CMD_RECEIVE_SIGNALS"] = "1" });
        tend.WaitForLine("cmd-waiting");
        tend.Signal(15);
        tend.WaitForLine("passed to cmd (S6_CMD_RECEIVE_SIGNALS)");
        Assert.Equal(9, tend.WaitForExit());
        Assert.True(tend.Count("cmd-got-term") > 0, tend.Transcript());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_an_s6_finish_exiting_125_keep_the_service_down()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        Script(root, "etc/services.d/once/run", $"echo run >> {root}/once-runs; sleep 1.2; exit 1");
        Script(root, "etc/services.d/once/finish", "exit 125");
        Script(root, "etc/services.d/other/run", "exec sleep 1000");
        using var tend = TendHost.Start(["run", "--root", root]);
        tend.WaitForLine("once: its finish command exited 125: not restarting it");
        tend.WaitForLine("other started pid");
        Assert.Single(File.ReadAllLines(Path.Combine(root, "once-runs")));
        tend.Signal(15);
        tend.WaitForExit();
        Assert.Single(File.ReadAllLines(Path.Combine(root, "once-runs")));
    }

    /// <summary>
    /// s6-overlay's own syslogd tree, as its release tarball lays it out: run files 0644 (s6-rc-compile
    /// copies them 0755) and a pipeline whose pipeline-name is the bundle user lists. Tend refused both
    /// ("is not executable", "contains 'x-pipeline', which is not defined"); the pipeline runs, the
    /// producer's output reaching the consumer.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task My_s6_rc_pipeline_named_by_pipeline_name_runs_from_run_files_without_the_execute_bit()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var rc = "etc/s6-overlay/s6-rc.d";
        ScriptTree.Write(root, $"{rc}/talker/type", "longrun\n");
        ScriptTree.Write(root, $"{rc}/talker/run", "#!/bin/sh\necho said-through-the-pipe\nexec sleep 100000\n");
        ScriptTree.Write(root, $"{rc}/talker/producer-for", "listener\n");
        ScriptTree.Write(root, $"{rc}/listener/type", "longrun\n");
        ScriptTree.Write(root, $"{rc}/listener/run", $"#!/bin/sh\nwhile read line; do echo \"heard $line\" >> {root}/heard; done\n");
        ScriptTree.Write(root, $"{rc}/listener/consumer-for", "talker\n");
        ScriptTree.Write(root, $"{rc}/listener/pipeline-name", "talk-pipeline\n");
        ScriptTree.Write(root, $"{rc}/user/contents.d/talk-pipeline", "");
        Assert.False(File.GetUnixFileMode(Path.Combine(root, rc, "talker/run")).HasFlag(UnixFileMode.UserExecute));
        using var tend = TendHost.Start(["run", "--root", root]);
        ScriptTree.WaitForLines(Path.Combine(root, "heard"), l => l.Contains("heard said-through-the-pipe"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task Installed_as_init_it_runs_the_CMD_of_the_image_and_exits_with_its_code()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var init = Path.Combine(Directory.CreateDirectory(dir.File("bin")).FullName, "init");
        File.CreateSymbolicLink(init, Paths.Tend);
        // ENTRYPOINT ["/init"], CMD ["sh", "-c", ...]: as s6-overlay's /init, on this machine's / (no
        // services here: the CMD alone, whose code is the container's).
        using var tend = TendHost.Start(["/bin/sh", "-c", "echo from-the-cmd; exit 5"], tendPath: init);
        Assert.Equal(5, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("| from-the-cmd", StringComparison.Ordinal));
    }

    [Fact(Timeout = 90_000)]
    public async Task I_run_the_cron_and_app_image_with_both_supervised_and_the_app_as_CMD()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        // The seed's case 2 as an s6-overlay image: a cron service beside the app (the CMD). The
        // "cron" here is a stand-in scheduler (a job every 100 ms) so the test needs no system crontab;
        // what is tested is the tree: cont-init prepares, cron runs as a supervised longrun with its
        // own log/run, crashes are recovered, and the CMD's exit ends the container with its code.
        Script(root, "etc/cont-init.d/10-crontab", $"echo job > {root}/crontab");
        Script(root, "etc/services.d/cron/run",
            $"[ -e {root}/crontab ] || exit 9\ni=0\nwhile :; do i=$((i+1)); echo \"tick $i\" >> {root}/jobs; echo \"cron ran job $i\"; " +
            $"if [ $i = 3 ] && [ ! -e {root}/crashed ]; then touch {root}/crashed; exit 1; fi; sleep 0.1; done");
        Script(root, "etc/services.d/cron/log/run", $"while read line; do echo \"$line\" >> {root}/cron.log; done");
        var app = Script(root, "app.sh", WaitForAfterCrash(root) + "\necho app-done\nexit 4");
        using var tend = TendHost.Start(["run", "--root", root, "--", app]);
        Assert.Equal(4, tend.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.True(File.Exists(Path.Combine(root, "crashed")), "cron crashed once");
        var log = File.ReadAllLines(Path.Combine(root, "cron.log"));
        Assert.Contains("cron ran job 1", log);                 // its stdout went to its logger,
        Assert.DoesNotContain(tend.Stdout, l => l.Contains("cron ran job")); // not to Tend's output
        Assert.True(tend.Count("cron exited with 1") >= 1, tend.Transcript()); // recovered after the crash
        Assert.Contains(tend.Stdout, l => l.EndsWith("| app-done", StringComparison.Ordinal));
    }

    /// <summary>The app waits until cron has crashed and then run two more jobs after its restart.</summary>
    private static string WaitForAfterCrash(string root) =>
        $"{WaitFor(Path.Combine(root, "crashed"))}\nwhile [ $(grep -c '^tick' {root}/jobs) -lt 5 ]; do sleep 0.02; done";

    [Theory(Timeout = 60_000)]
    [InlineData("0")]
    [InlineData("1")]
    public async Task With_stage_2_failures_tolerated_a_failed_oneshot_still_lets_the_CMD_run(string behaviour)
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var rc = "etc/s6-overlay/s6-rc.d";
        Write(root, $"{rc}/init-fails/type", "oneshot\n");
        Write(root, $"{rc}/init-fails/up", $"{Script(root, "scripts/init-fails-up", "exit 3")}\n");
        Write(root, $"{rc}/svc/type", "longrun\n");
        Write(root, $"{rc}/svc/dependencies.d/init-fails", "");
        Script(root, $"{rc}/svc/run", $"echo svc-ran >> {root}/markers; exec sleep 1000");
        foreach (var name in new[] { "init-fails", "svc" })
            Write(root, $"etc/s6-overlay/user-bundles.d/user/contents.d/{name}", "");
        using var tend = TendHost.Start(["run", "--root", root, "--", "/bin/sh", "-c", "echo cmd-ran; exit 6"],
            env: new Dictionary<string, string> { ["S6_BEHAVIOUR_IF_STAGE2_FAILS"] = behaviour });
        // As s6-overlay: the CMD runs and its code is the container's; what needed the oneshot never ran.
        Assert.Equal(6, tend.WaitForExit());
        Assert.Contains(tend.Stdout, l => l.EndsWith("| cmd-ran", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(root, "markers")), "svc depends on the failed oneshot and must not start");
    }

    /// <summary>
    /// Issue 16 item 9: scripts read /run/s6/container_environment without with-contenv (cat, s6-envdir).
    /// s6-overlay's stage 1 writes it before cont-init.d: one file per variable holding the value
    /// exactly, in a directory only root may enter (s6-linux-init's env_dump, mode 0700).
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_find_the_container_environment_where_s6_overlay_stores_it_readable_by_root_only()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var store = Path.Combine(root, "run/s6/container_environment");
        Script(root, "etc/cont-init.d/10-read", $"cp {store}/APP_TOKEN {root}/seen; ls {store} > {root}/names");
        var cmd = Script(root, "cmd.sh", "exit 0");
        const string token = "s3cr3t value\nsecond line";
        using var tend = TendHost.Start(["run", "--root", root, "--", cmd], env: new Dictionary<string, string> { ["APP_TOKEN"] = token });
        Assert.Equal(0, tend.WaitForExit());

        Assert.True(File.Exists(Path.Combine(root, "seen")), $"cont-init.d found no {store}/APP_TOKEN:\n{tend.Transcript()}");
        Assert.Equal(token, File.ReadAllText(Path.Combine(root, "seen"))); // the value exactly: no newline added
        Assert.Contains("PATH", File.ReadAllLines(Path.Combine(root, "names")));
        var (_, stat, _) = Tools.Run("stat", ["-c", "%a %u %F", store]);
        Assert.Equal("700 0 directory", stat.Trim());
        var setpriv = Tools.Require("setpriv");
        var asNobody = Tools.Run(setpriv, ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat", Path.Combine(store, "APP_TOKEN")]);
        Assert.NotEqual(0, asNobody.Code);
        Assert.DoesNotContain("s3cr3t", asNobody.Out);
    }
}
