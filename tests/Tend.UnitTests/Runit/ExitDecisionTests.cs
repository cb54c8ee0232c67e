using Tend.Runit.Control;
using Tend.Runit.Status;

namespace Tend.UnitTests.Runit;

public class ExitDecisionTests
{
    [Theory]
    [InlineData(RunState.Run, Want.Exit, 0, null, ExitStep.Stay)]      // still stopping
    [InlineData(RunState.Finish, Want.Exit, 0, null, ExitStep.Stay)]   // ./finish still running
    [InlineData(RunState.Down, Want.Down, 0, null, ExitStep.Stay)]     // exit not wanted
    [InlineData(RunState.Down, Want.Exit, 0, null, ExitStep.Release)]  // no log service
    [InlineData(RunState.Down, Want.Exit, 0, Want.Up, ExitStep.Release)] // log already down
    [InlineData(RunState.Down, Want.Exit, 77, Want.Up, ExitStep.StopLog)]
    [InlineData(RunState.Down, Want.Exit, 77, Want.Exit, ExitStep.Stay)] // log draining its pipe
    public void Next_FollowsRunsvsExitCheck(RunState state, Want want, int logPid, Want? logWant, ExitStep expected) =>
        Assert.Equal(expected, ExitDecision.Next(state, want, logPid, logWant));
}
