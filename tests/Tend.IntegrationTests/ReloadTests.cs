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
}
