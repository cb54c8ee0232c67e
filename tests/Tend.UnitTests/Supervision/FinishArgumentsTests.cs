using Tend.Posix;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class FinishArgumentsTests
{
    [Fact]
    public void Runit_KilledByTerm_IsMinusOneAnd15_AsRunsvPassedInTheCapture() =>
        Assert.Equal(["-1", "15"], FinishArguments.Runit(ExitStatus.Killed(15)));

    [Fact]
    public void Runit_NormalExit_IsCodeAndZero() =>
        Assert.Equal(["3", "0"], FinishArguments.Runit(ExitStatus.Exited(3)));

    [Fact]
    public void S6_Killed_Is256AndTheSignal_ThenNameAndGroup() =>
        Assert.Equal(["256", "9", "web", "4242"], FinishArguments.S6(ExitStatus.Killed(9), "web", 4242));

    [Fact]
    public void S6_NormalExit_IsCodeAndZero() =>
        Assert.Equal(["0", "0", "web", "7"], FinishArguments.S6(ExitStatus.Exited(0), "web", 7));
}
