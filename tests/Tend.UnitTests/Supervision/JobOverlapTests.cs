using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class JobOverlapTests
{
    [Theory]
    [InlineData(JobConcurrency.Forbid, 0, OverlapAction.Start)]
    [InlineData(JobConcurrency.Forbid, 1, OverlapAction.Skip)]
    [InlineData(JobConcurrency.Allow, 0, OverlapAction.Start)]
    [InlineData(JobConcurrency.Allow, 1, OverlapAction.Start)]
    [InlineData(JobConcurrency.Allow, 3, OverlapAction.Start)]
    [InlineData(JobConcurrency.Replace, 0, OverlapAction.Start)]
    [InlineData(JobConcurrency.Replace, 1, OverlapAction.StopThenStart)]
    public void Decide_EveryPolicyAndRunningCount(JobConcurrency policy, int running, OverlapAction expected) =>
        Assert.Equal(expected, JobOverlap.Decide(policy, running));
}
