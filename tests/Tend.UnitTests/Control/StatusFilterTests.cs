using Tend.Control.Api;
using Tend.Supervision;

namespace Tend.UnitTests.Control;

/// <summary>`tend ctl status NAME...` on the server side: GET /v1/status?names=...</summary>
public sealed class StatusFilterTests
{
    private static readonly ProgramStatus[] Programs = [Program("web"), Program("worker")];
    private static readonly JobStatus[] Jobs = [new("backup", "0 0 * * *", null, [], null, null, 0, 0, 0, 0)];

    private static ProgramStatus Program(string name) => new(name, "RUNNING", 10, 1, 0, null, null, true, true, true, null, null);

    [Fact]
    public void NoNamesOrAll_ShowsEverything()
    {
        foreach (var names in new[] { Array.Empty<string>(), ["all"] })
        {
            Assert.True(StatusFilter.TryApply(names, Programs, Jobs, out var programs, out var jobs, out _));
            Assert.Equal(["web", "worker"], programs.Select(p => p.Name));
            Assert.Equal(["backup"], jobs.Select(j => j.Name));
        }
    }

    [Fact]
    public void Names_ShowThoseProgramsAndJobs_InTheOrderAsked_Once()
    {
        Assert.True(StatusFilter.TryApply(["backup", "worker", "web", "worker"], Programs, Jobs, out var programs, out var jobs, out _));
        Assert.Equal(["worker", "web"], programs.Select(p => p.Name));
        Assert.Equal(["backup"], jobs.Select(j => j.Name));
    }

    [Fact]
    public void UnknownName_IsRefused_NamingTheKnownOnes()
    {
        Assert.False(StatusFilter.TryApply(["web", "wbe"], Programs, Jobs, out _, out _, out var error));
        Assert.Equal("no program or job named 'wbe'; known: web, worker, backup", error);
        Assert.False(StatusFilter.TryApply(["a", "b"], [], [], out _, out _, out error));
        Assert.Equal("no programs or jobs named 'a', 'b'; there are none", error);
    }
}
