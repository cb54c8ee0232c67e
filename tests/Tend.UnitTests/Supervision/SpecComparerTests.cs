using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class SpecComparerTests
{
    private static ProgramSpec Web(int line = 1) => new()
    {
        Name = "web", Command = ["nginx", "-g", "daemon off;"], Environment = new Dictionary<string, string> { ["A"] = "1" },
        DependsOn = [new DependencySpec("db", DependencyCondition.Ready, new SourceLocation("t.yaml", line))],
        Readiness = new ProbeSpec { Kind = ProbeKind.Exec, Command = ["true"], DefinedAt = new SourceLocation("t.yaml", line) },
        DefinedAt = new SourceLocation("t.yaml", line),
    };

    [Fact]
    public void Same_EqualValuesInNewLists_AndMovedInTheFile_IsSame() => Assert.True(SpecComparer.Same(Web(1), Web(40)));

    [Fact]
    public void Same_AnyChangedSetting_IsDifferent()
    {
        Assert.False(SpecComparer.Same(Web(), Web() with { Command = ["nginx"] }));
        Assert.False(SpecComparer.Same(Web(), Web() with { Environment = new Dictionary<string, string> { ["A"] = "2" } }));
        Assert.False(SpecComparer.Same(Web(), Web() with { StopTimeout = TimeSpan.FromSeconds(3) }));
        Assert.False(SpecComparer.Same(Web(), Web() with { DependsOn = [] }));
        Assert.False(SpecComparer.Same(Web(), Web() with { Readiness = Web().Readiness! with { Command = ["false"] } }));
        Assert.False(SpecComparer.Same(Web(), Web() with { Liveness = new ProbeSpec { Kind = ProbeKind.Tcp, Address = "127.0.0.1:1" } }));
    }

    /// <summary>Issue 24: a reload that changes the startup probe or ready_log_line restarts the program; one that only moves them does not.</summary>
    [Fact]
    public void Same_StartupProbeAndReadyLogLine_AreComparedByValue()
    {
        static ProgramSpec With(int line, string pattern, string[] startup) => Web(line) with
        {
            ReadyLogLine = pattern,
            Startup = new ProbeSpec { Kind = ProbeKind.Exec, Command = startup, DefinedAt = new SourceLocation("t.yaml", line) },
        };

        Assert.True(SpecComparer.Same(With(1, "^up$", ["true"]), With(40, "^up$", ["true"])));
        Assert.False(SpecComparer.Same(With(1, "^up$", ["true"]), With(1, "^ready$", ["true"])));
        Assert.False(SpecComparer.Same(With(1, "^up$", ["true"]), With(1, "^up$", ["false"])));
        Assert.False(SpecComparer.Same(With(1, "^up$", ["true"]), Web(1)));
    }
}
