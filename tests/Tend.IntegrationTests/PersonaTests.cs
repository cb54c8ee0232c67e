using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// Tend installed under the name of what it replaces keeps that name where images look for it
/// (`pgrep supervisord` healthchecks, ps, /proc/1/comm), and under the runsvdir name SIGHUP means
/// what it means to runsvdir: stop every service and exit 111 (discourse's /sbin/boot stops so).
/// </summary>
public class PersonaTests
{
    private static string Link(TempDir dir, string name)
    {
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        var link = Path.Combine(bin, name);
        File.CreateSymbolicLink(link, Paths.Tend);
        return link;
    }

    private static void AssertShowsAs(TendHost tend, string name)
    {
        var pid = tend.TendPid;
        Assert.Equal(name, File.ReadAllText($"/proc/{pid}/comm").Trim());
        var argv0 = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
        Assert.Equal(name, Path.GetFileName(argv0));
        var pgrep = Tools.Run(Tools.Require("pgrep"), ["-x", name]);
        Assert.Contains(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), pgrep.Out.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact(Timeout = 60_000)]
    public async Task Installed_as_supervisord_pgrep_supervisord_finds_it()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true

            [program:app]
            command=sh -c 'echo app-up; exec sleep 100000'
            startsecs=0
            """);
        using var tend = TendHost.Start(["-n", "-c", conf], tendPath: Link(dir, "supervisord"));
        tend.WaitForLine("app-up");
        AssertShowsAs(tend, "supervisord");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task Installed_as_runsvdir_it_shows_as_runsvdir_and_SIGHUP_stops_the_services_and_exits_111()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var services = Path.Combine(dir.Path, "service");
        Script($"{services}/web", "run", $"""
            trap 'echo web-stopping >> {dir.File("records")}; exit 0' TERM
            echo web-up >> {dir.File("records")}
            while :; do sleep 0.05; done
            """);
        using var tend = TendHost.Start([services], tendPath: Link(dir, "runsvdir"));
        WaitForLines(dir.File("records"), l => l.Contains("web-up"));
        AssertShowsAs(tend, "runsvdir");

        tend.Signal(1);
        Assert.Equal(111, tend.WaitForExit());
        Assert.Contains("web-stopping", File.ReadAllLines(dir.File("records")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Installed_as_init_it_shows_as_init()
    {
        await Task.Yield();
        using var dir = new TempDir();
        using var tend = TendHost.Start(["/bin/sh", "-c", "echo cmd-up; exec sleep 100000"], tendPath: Link(dir, "init"));
        tend.WaitForLine("cmd-up");
        AssertShowsAs(tend, "init");
        tend.Signal(15);
        tend.WaitForExit();
    }
}
