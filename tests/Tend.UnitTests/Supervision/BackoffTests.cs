using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class BackoffTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(5, 16000)]
    [InlineData(6, 30000)]
    [InlineData(100, 30000)]
    public void Delay_DoublesFromInitial_UpToTheCap(int attempt, int expectedMs)
    {
        var spec = new BackoffSpec { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Delay(spec, attempt));
    }

    [Fact]
    public void Delay_InitialAboveMax_IsCapped()
    {
        var spec = new BackoffSpec { Initial = TimeSpan.FromSeconds(10), Max = TimeSpan.FromSeconds(3) };
        Assert.Equal(TimeSpan.FromSeconds(3), Backoff.Delay(spec, 1));
    }
}
