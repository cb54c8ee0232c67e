using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>Live reload: only the difference is applied; a broken file changes nothing.</summary>
public class ReloadTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_can_reload_with_sighup_and_only_the_difference_is_applied()
    {
        await Task.Yield();
        using var dir = new TempDir();
        string Config(string changeText, bool withRemove, bool withAdded) => $"""
            programs:
              keep:
                command: {Dummy("echo", "keep up", "then", "sleep", "inf")}
              change:
                command: {Dummy("echo", changeText, "then", "sleep", "inf")}
            {(withRemove ? $"  gone:\n    command: {Dummy("sleep", "inf")}\n" : "")}{(withAdded ? $"  added:\n    command: {Dummy("echo", "hello from added", "then", "sleep", "inf")}\n" : "")}
            """;
        using var tend = TendHost.Run(dir, Config("version one", withRemove: true, withAdded: false));
        tend.WaitForLine("| version one");
        tend.WaitForLine("gone started pid");
        var keepPid = tend.WaitForLine("keep started pid").Split(' ')[^1];

        dir.Write("tend.yaml", Config("version two", withRemove: false, withAdded: true));
        tend.Signal(1); // SIGHUP
        tend.WaitForLine("reloaded: 1 added, 1 removed, 1 changed");
        tend.WaitForLine("| version two");
        tend.WaitForLine("| hello from added");
        tend.WaitForLine("gone stopped");
        Assert.Equal(1, tend.Count("keep started pid")); // unchanged: not touched
        var status = Ctl.Run(tend, "ctl", "status").Out;
        Assert.Contains(keepPid, status);
        Assert.DoesNotContain("gone", status);

        dir.Write("tend.yaml", "programs:\n  keep:\n    restart: sometimes\n");
        var refused = Ctl.Run(tend, "ctl", "reload");
        Assert.Equal(1, refused.Code);
        Assert.Contains("tend.yaml:3:", refused.Err + refused.Out);
        tend.WaitForLine("reload refused");
        Assert.Contains("added", Ctl.Run(tend, "ctl", "status").Out); // the running set stayed as it was
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// A reload composes the configuration as the start did (one pipeline): the command after --
    /// stays the main program and the crontab's jobs stay, so only the edited program changes.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task I_keep_the_command_after_dashes_and_my_crontab_across_a_reload()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var crontab = dir.Write("crontab", "0 0 1 1 * echo new year\n");
        string Config(bool withAdded) => $"""
            programs:
              keep:
                command: {Dummy("echo", "keep up", "then", "sleep", "inf")}
            {(withAdded ? $"  added:\n    command: {Dummy("echo", "hello from added", "then", "sleep", "inf")}\n" : "")}
            """;
        using var tend = TendHost.Run(dir, Config(withAdded: false), "--crontab", crontab, "--", Paths.Dummy, "echo", "main up", "then", "sleep", "inf");
        tend.WaitForLine("| main up");
        tend.WaitForLine("| keep up");

        dir.Write("tend.yaml", Config(withAdded: true));
        tend.Signal(1); // SIGHUP
        tend.WaitForLine("reloaded: 1 added, 0 removed, 0 changed");
        tend.WaitForLine("| hello from added");
        var status = Ctl.Run(tend, "ctl", "status").Out;
        Assert.Contains("tend-dummy", status);
        Assert.Contains("cron-1", status); // the crontab's job is still there
        Assert.Equal(1, tend.Count("| main up")); // the main program was not restarted

        tend.Signal(15);
        Assert.Equal(143, tend.WaitForExit()); // the main program's own end: killed by the TERM passed on to it
    }
}
