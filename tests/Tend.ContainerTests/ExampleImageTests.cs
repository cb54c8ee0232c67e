using System.Text.RegularExpressions;
using Tend.ContainerTests.Infrastructure;

namespace Tend.ContainerTests;

/// <summary>
/// The example images (examples/*/Dockerfile, built as users build them, FROM the tend image)
/// behave as their README promises, and as the originals they replace.
/// </summary>
public class ExampleImageTests : IClassFixture<BuiltImages>
{
    private static int IndexOf(IReadOnlyList<string> lines, string pattern)
    {
        for (var i = 0; i < lines.Count; i++) if (Regex.IsMatch(lines[i], pattern)) return i;
        return -1;
    }

    [Fact(Timeout = 120_000)]
    public async Task The_quick_start_image_runs_the_demo_and_exits_with_the_apps_code()
    {
        await Task.Yield();
        using var c = Container.Run(Images.Demo);
        Assert.Equal(0, c.WaitForExit());
        c.WaitForLine(@"^web\s+\| GET /item/1 200$", stream: "out");
        c.WaitForLine(@"^worker\s+\| warning: queue is slow$", stream: "err");
        c.WaitForLine(@"^flaky\s+\| flaky: crashing$", stream: "err");
        c.WaitForLine(@"^app\s+\| app: done$");
        c.WaitForLine(@"^web\s+\| web: draining connections$");
    }

    [Fact(Timeout = 120_000)]
    public async Task The_supervisord_drop_in_answers_supervisorctl_and_stops_cleanly()
    {
        await Task.Yield();
        var supervisorctl = Tools.Require("supervisorctl"); // Debian's client, on the host, through a mounted socket
        using var dir = new TempDir();
        using var c = Container.Run(Images.Supervisord, ["-v", $"{dir.Path}:/run/supervisor"]);
        c.WaitForLine(@"^web\s+\| web: listening$");
        c.WaitForLine(@"^worker\s+\| worker: queue is slow$", stream: "err");

        // The image's CMD is supervisord's own, and PID 1 is Tend behind that name.
        Assert.Equal("[/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf]", Podman.Ok("image", "inspect", "--format", "{{.Config.Cmd}}", Images.Supervisord).Trim());
        Assert.Equal("tend", c.Exec("readlink", "/usr/bin/supervisord").Out.Trim());
        Assert.Equal("/usr/bin/tend", c.Exec("readlink", "/proc/1/exe").Out.Trim());

        var socket = $"unix://{dir.File("supervisor.sock")}";
        // Each program is STARTING for its startsecs (1 s) after its first line: ask until RUNNING.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var status = Command.Run(supervisorctl, ["-s", socket, "status"], TimeSpan.FromSeconds(30));
        while (status.Out.Contains("STARTING", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            status = Command.Run(supervisorctl, ["-s", socket, "status"], TimeSpan.FromSeconds(30));
        }
        Assert.True(status.Code == 0, status.Out + status.Err);
        Assert.Matches(@"(?m)^web\s+RUNNING\s+pid \d+, uptime", status.Out);
        Assert.Matches(@"(?m)^worker\s+RUNNING\s+pid \d+, uptime", status.Out);

        var stop = Command.Run(supervisorctl, ["-s", socket, "stop", "worker"], TimeSpan.FromSeconds(30));
        Assert.Equal("worker: stopped", stop.Out.Trim());
        c.WaitForLine(@"^worker\s+\| worker: stopping$");
        Assert.Matches(@"(?m)^worker\s+STOPPED", Command.Run(supervisorctl, ["-s", socket, "status"], TimeSpan.FromSeconds(30)).Out);
        Assert.Matches(@"(?m)^worker\s+STOPPED", c.Exec("tend", "ctl", "status").Out);

        var took = c.Stop(10);
        Assert.True(took < TimeSpan.FromSeconds(5), $"podman stop took {took.TotalSeconds:0.00} s");
        Assert.Equal(0, c.ExitCode);
        c.WaitForLine(@"^web\s+\| web: stopping$", timeout: TimeSpan.FromSeconds(1));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_s6_overlay_image_runs_stage_2_in_order_then_the_CMD_and_stops_through_cont_finish()
    {
        await Task.Yield();
        using var c = Container.Run(Images.S6Overlay);
        c.WaitForLine(@"\| cmd: serving until stopped$");
        c.WaitForLine(@"\| ticker: tick$");
        var lines = c.Stdout;
        var init = IndexOf(lines, @"\| cont-init: preparing /run/app$");
        var oneshot = IndexOf(lines, @"\| init-dirs: /run/app/data ready$");
        var api = IndexOf(lines, @"\| api: listening$");
        var cmd = IndexOf(lines, @"\| cmd: serving until stopped$");
        Assert.True(init >= 0 && init < oneshot && oneshot < api && api < cmd,
            "cont-init, then the oneshot, then the longrun, then the CMD:\n" + string.Join('\n', lines));
        Assert.Equal(0, c.Exec("test", "-d", "/run/app/data").Code);
        Assert.Equal("[/init]", Podman.Ok("image", "inspect", "--format", "{{.Config.Entrypoint}}", Images.S6Overlay).Trim());
        Assert.Equal("/usr/bin/tend", c.Exec("readlink", "/proc/1/exe").Out.Trim());
        c.WaitForHealth("healthy");

        var took = c.Stop(10);
        Assert.True(took < TimeSpan.FromSeconds(5), $"podman stop took {took.TotalSeconds:0.00} s");
        Assert.Equal(0, c.ExitCode);
        c.WaitForLine(@"\| api: stopping$", timeout: TimeSpan.FromSeconds(1));
        c.WaitForLine(@"\| ticker: finished with 0 ", timeout: TimeSpan.FromSeconds(1));
        lines = c.Stdout;
        Assert.True(IndexOf(lines, @"\| api: stopping$") < IndexOf(lines, @"\| cont-finish: done$"),
            "cont-finish.d runs after the services stopped:\n" + string.Join('\n', lines));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_s6_overlay_image_exits_with_the_CMDs_code()
    {
        await Task.Yield();
        using var c = Container.Run(Images.S6Overlay, args: ["/bin/sh", "-c", "echo cmd: failing; exit 5"]);
        Assert.Equal(5, c.WaitForExit());
        c.WaitForLine(@"\| cmd: failing$");
        c.WaitForLine(@"\| cont-finish: done$");
    }

    [Fact(Timeout = 120_000)]
    public async Task The_runit_image_supervises_etc_service_with_its_loggers_and_finish_scripts()
    {
        await Task.Yield();
        using var c = Container.Run(Images.Runit);
        c.WaitForLine(@"\| web-log: web: listening$");
        c.WaitForLine(@"\| queue: job done$");
        Assert.Equal("[runsvdir -P /etc/service]", Podman.Ok("image", "inspect", "--format", "{{.Config.Cmd}}", Images.Runit).Trim());
        Assert.Equal("/usr/bin/tend", c.Exec("readlink", "/proc/1/exe").Out.Trim());
        // runsv's status files, which the real sv reads
        Assert.Equal(0, c.Exec("test", "-p", "/etc/service/web/supervise/control").Code);
        c.WaitForHealth("healthy");

        var took = c.Stop(10);
        Assert.True(took < TimeSpan.FromSeconds(5), $"podman stop took {took.TotalSeconds:0.00} s");
        Assert.Equal(0, c.ExitCode);
        c.WaitForLine(@"\| queue: stopping$", timeout: TimeSpan.FromSeconds(1));
        c.WaitForLine(@"\| queue: finished with 0 0$", timeout: TimeSpan.FromSeconds(1));
        // web's own goodbye goes through web-log, which gets its stop signal as soon as web has
        // stopped and may exit before reading it; Tend's note of web's clean exit is what shows here.
        c.WaitForLine(@"^tend\s+\| web stopped$", timeout: TimeSpan.FromSeconds(1));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_real_sv_on_the_host_reads_and_controls_the_runit_images_services()
    {
        await Task.Yield();
        var sv = Tools.Require("sv"); // Debian's runit; busybox-static has no sv
        using var dir = new TempDir();
        // The example's /etc/service, mounted from the host so that sv there reaches supervise/.
        Command.Run("cp", ["-a", Path.Combine(Images.RepoRoot, "examples", "runit", "service", "."), dir.Path], TimeSpan.FromSeconds(10));
        using var c = Container.Run(Images.Runit, ["-v", $"{dir.Path}:/etc/service"]);
        c.WaitForLine(@"\| web-log: web: listening$");
        c.WaitForLine(@"\| queue: job done$");

        var status = Command.Run(sv, ["status", dir.File("web"), dir.File("queue")], TimeSpan.FromSeconds(10));
        Assert.True(status.Code == 0, status.Out + status.Err);
        Assert.Matches($@"(?m)^run: {Regex.Escape(dir.File("web"))}: \(pid \d+\) \d+s; run: log: \(pid \d+\) \d+s$", status.Out);
        Assert.Matches($@"(?m)^run: {Regex.Escape(dir.File("queue"))}: \(pid \d+\) \d+s$", status.Out);

        var down = Command.Run(sv, ["-w", "10", "down", dir.File("queue")], TimeSpan.FromSeconds(20));
        Assert.True(down.Code == 0, down.Out + down.Err);
        Assert.StartsWith($"ok: down: {dir.File("queue")}: ", down.Out);
        c.WaitForLine(@"\| queue: stopping$");
        Assert.Matches(@"(?m)^queue\s+STOPPED", c.Exec("tend", "ctl", "status").Out);
    }
}
