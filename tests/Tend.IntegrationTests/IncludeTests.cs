using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>include: a conf.d of program files, as a user lays it out; a reload re-reads every included file.</summary>
public class IncludeTests
{
    [Fact(Timeout = 60_000)]
    public async Task My_conf_d_files_are_included_and_a_reload_reads_them_again()
    {
        await Task.Yield();
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("conf.d"));
        dir.Write("conf.d/10-web.yaml", "programs:\n  web:\n    command: [/bin/sh, -c, 'echo web up; exec sleep 1000']\n");
        using var tend = TendHost.Run(dir, """
            include: ["conf.d/*.yaml"]
            programs:
              base:
                command: [/bin/sh, -c, 'echo base up; exec sleep 1000']
            """);
        tend.WaitForLine("| base up");
        tend.WaitForLine("| web up");

        dir.Write("conf.d/20-worker.yaml", "programs:\n  worker:\n    command: [/bin/sh, -c, 'echo worker up; exec sleep 1000']\n");
        tend.Signal(1); // SIGHUP
        tend.WaitForLine("reloaded: 1 added, 0 removed, 0 changed");
        tend.WaitForLine("| worker up");

        dir.Write("conf.d/30-again.yaml", "programs:\n  web:\n    command: [/bin/true]\n");
        var refused = Ctl.Run(tend, "ctl", "reload");
        Assert.Equal(1, refused.Code);
        Assert.Contains("30-again.yaml:2:3", refused.Err + refused.Out);
        Assert.Contains("10-web.yaml:2:3", refused.Err + refused.Out);
        Assert.Equal(1, tend.Count("| web up")); // nothing changed

        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }
}
