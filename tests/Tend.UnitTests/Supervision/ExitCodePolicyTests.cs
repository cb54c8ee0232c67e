using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class ExitCodePolicyTests
{
    [Theory]
    [InlineData(3, null, true, 3)]      // the main program's code wins
    [InlineData(0, 7, true, 0)]
    [InlineData(null, 7, false, 7)]     // then a critical program's
    [InlineData(null, 0, false, 1)]     // a FATAL critical program never gives 0
    [InlineData(null, null, true, 1)]   // any failure: 1
    [InlineData(null, null, false, 0)]  // all clean: 0
    [InlineData(143, null, false, 143)]
    public void Decide_FollowsPrecedence(int? main, int? critical, bool failure, int expected) =>
        Assert.Equal(expected, ExitCodePolicy.Decide(main, critical, failure));
}
