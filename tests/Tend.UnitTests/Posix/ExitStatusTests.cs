using Tend.Posix;

namespace Tend.UnitTests.Posix;

public class ExitStatusTests
{
    public static TheoryData<int> AllCodes()
    {
        var data = new TheoryData<int>();
        for (var code = 0; code < 256; code++) data.Add(code);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void FromWaitStatus_NormalExit_KeepsEveryCode(int code)
    {
        var status = ExitStatus.FromWaitStatus(code << 8);
        Assert.False(status.Signaled);
        Assert.Equal(code, status.Code);
        Assert.Equal(code, status.ShellCode);
    }

    [Theory]
    [InlineData(9, 137)]
    [InlineData(15, 143)]
    [InlineData(11, 139)]
    public void FromWaitStatus_KilledBySignal_Is128PlusSignal(int signal, int shellCode)
    {
        var status = ExitStatus.FromWaitStatus(signal);
        Assert.True(status.Signaled);
        Assert.Equal(signal, status.Signal);
        Assert.Equal(shellCode, status.ShellCode);
    }

    [Fact]
    public void FromWaitStatus_KilledWithCoreDump_IgnoresTheCoreFlag() =>
        Assert.Equal(ExitStatus.Killed(11), ExitStatus.FromWaitStatus(0x80 | 11));
}
