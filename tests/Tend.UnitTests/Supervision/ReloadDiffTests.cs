using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

/// <summary>The one reload diff, by program (SIGHUP, tend ctl reload) and by group (supervisorctl reread).</summary>
public class ReloadDiffTests
{
    private static ProgramSpec P(string name, string command = "run", string? group = null, int line = 1) => new()
    {
        Name = name, Command = [command], ProgramGroup = group, DefinedAt = new SourceLocation("tend.yaml", line, 3),
    };

    [Fact]
    public void Of_SortsEveryProgram_IntoAddedRemovedChangedOrUnchanged()
    {
        var diff = ReloadDiff.Of([P("same"), P("edited"), P("gone")], [P("edited", "run2"), P("new"), P("same", line: 40)]);
        Assert.Equal(["new"], diff.Added.Select(s => s.Name));
        Assert.Equal(["gone"], diff.Removed);
        Assert.Equal(["edited"], diff.Changed.Select(s => s.Name));
        Assert.Equal("run2", diff.Changed[0].Command[0]); // the new spec
        Assert.Equal(["same"], diff.Unchanged); // moving a program in the file does not restart it
    }

    [Fact]
    public void Of_NothingRead_RemovesEverything_AndTheSameConfig_ChangesNothing()
    {
        Assert.Equal(["a", "b"], ReloadDiff.Of([P("a"), P("b")], []).Removed);
        var same = ReloadDiff.Of([P("a"), P("b")], [P("a"), P("b")]);
        Assert.Empty(same.Added);
        Assert.Empty(same.Removed);
        Assert.Empty(same.Changed);
    }

    [Fact]
    public void ByGroup_ReportsGroups_AsSupervisorctlRereadDoes()
    {
        var inUse = new[] { P("w1", group: "web"), P("w2", group: "web"), P("solo"), P("old") };
        var wanted = new[] { P("w1", group: "web"), P("w2", "run2", group: "web"), P("solo"), P("fresh") };
        var (added, changed, removed) = ReloadDiff.ByGroup(inUse, wanted, s => s.GroupName);
        Assert.Equal(["fresh"], added);
        Assert.Equal(["web"], changed);
        Assert.Equal(["old"], removed);
    }

    [Fact]
    public void ByGroup_AMemberLeavingAGroup_ChangesIt()
    {
        var (added, changed, removed) = ReloadDiff.ByGroup([P("w1", group: "web"), P("w2", group: "web")], [P("w1", group: "web")], s => s.GroupName);
        Assert.Empty(added);
        Assert.Equal(["web"], changed);
        Assert.Empty(removed);
    }
}
