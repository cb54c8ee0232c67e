using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 19: linuxserver.io's run scripts end in `exec s6-notifyoncheck -d -n 300 -w 1000 -c CHECK prog`,
/// so their service is ready (and what depends on it starts) only once CHECK passes. Tend answers
/// as s6-notifyoncheck once linked under that name, and the service becomes ready as under s6.
/// </summary>
public class S6NotifyOnCheckTests
{
    private const string Rc = "etc/s6-overlay/s6-rc.d";

    /// <summary>A v3 tree: web is ready by notification-fd 3 through s6-notifyoncheck; app depends on web.</summary>
    private static (string Root, Dictionary<string, string> Env) Image(TempDir dir, string webRun, bool dataCheck = false)
    {
        var root = Path.Combine(dir.Path, "root");
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "s6-notifyoncheck"), Paths.Tend);
        Write(root, $"{Rc}/web/type", "longrun\n");
        Write(root, $"{Rc}/web/notification-fd", "3\n");
        Script(root, $"{Rc}/web/run", webRun);
        if (dataCheck) Script(root, $"{Rc}/web/data/check", $"echo checked >> {root}/checks; test -e {root}/gate");
        Write(root, $"{Rc}/app/type", "longrun\n");
        Write(root, $"{Rc}/app/dependencies.d/web", "");
        Script(root, $"{Rc}/app/run", "echo app-started; exec sleep 100000");
        foreach (var name in new[] { "web", "app" }) Write(root, $"{Rc}/user/contents.d/{name}", "");
        Write(root, $"{Rc}/user/type", "bundle\n");
        return (root, new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/sbin:/usr/bin:/sbin:/bin" });
    }

    private static void ProveNotReadyThenReady(TendHost tend, string root)
    {
        // The check has failed twice: web runs, but is not ready, so app has not started.
        var checks = Path.Combine(root, "checks");
        WaitUntil(() => File.Exists(checks) && File.ReadAllLines(checks).Length >= 2, tend.Transcript, TimeSpan.FromSeconds(20));
        tend.WaitForLine("web-running");
        Assert.True(tend.Count("app-started") == 0, tend.Transcript());
        File.WriteAllText(Path.Combine(root, "gate"), "");
        tend.WaitForLine("app-started", TimeSpan.FromSeconds(20));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_service_run_through_s6_notifyoncheck_with_a_check_command_is_ready_only_once_the_check_passes()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var (root, env) = Image(dir, "");
        // linuxserver's line, with a shorter wait between checks.
        Script(root, $"{Rc}/web/run", $"""
            echo web-running
            exec s6-notifyoncheck -d -n 300 -w 100 -c "echo checked >> {root}/checks; test -e {root}/gate" sleep 100000
            """);
        using var tend = TendHost.Start(["run", "--root", root], env: env);
        ProveNotReadyThenReady(tend, root);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_c_s6_notifyoncheck_runs_the_service_data_check_and_without_d_the_poller_is_the_program_child()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var (root, env) = Image(dir, "echo web-running\nexec s6-notifyoncheck -w 100 -s 0 sleep 100000", dataCheck: true);
        using var tend = TendHost.Start(["run", "--root", root], env: env);
        ProveNotReadyThenReady(tend, root);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_service_stopped_before_its_check_passes_leaves_no_poller_behind()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var (root, env) = Image(dir, "");
        var check = $"echo checked >> {root}/checks; test -e {root}/gate";
        Script(root, $"{Rc}/web/run", $"echo web-running\nexec s6-notifyoncheck -d -n 300 -w 100 -c \"{check}\" sleep 100000");
        using var tend = TendHost.Start(["run", "--root", root], env: env);
        var checks = Path.Combine(root, "checks");
        WaitUntil(() => File.Exists(checks), tend.Transcript, TimeSpan.FromSeconds(20));
        Assert.NotEmpty(Processes.Running(check)); // the poller carries the check on its command line
        var stop = Ctl.Run(tend, "ctl", "stop", "web");
        Assert.True(stop.Code == 0, stop.Err);
        WaitUntil(() => Processes.Running(check).Count == 0, () => $"a poller still runs after web stopped\n{tend.Transcript()}", TimeSpan.FromSeconds(10));
        Assert.Equal(0, tend.Count("app-started"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
