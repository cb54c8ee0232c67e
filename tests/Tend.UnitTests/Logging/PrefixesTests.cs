using System.Text;
using Tend.Logging;

namespace Tend.UnitTests.Logging;

public class PrefixesTests
{
    [Fact]
    public void For_PlainOutput_PadsTheNameToTheWidth() =>
        Assert.Equal("web    | ", Encoding.UTF8.GetString(Prefixes.For("web", 6, color: false, self: false, enabled: true)));

    [Fact]
    public void For_Terminal_ColoursTheNameTheSameWayEveryTime()
    {
        var first = Encoding.UTF8.GetString(Prefixes.For("web", 4, color: true, self: false, enabled: true));
        var again = Encoding.UTF8.GetString(Prefixes.For("web", 4, color: true, self: false, enabled: true));
        Assert.StartsWith("\u001b[", first);
        Assert.Contains("web  |\u001b[0m ", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void For_TendsOwnLines_AreDim() =>
        Assert.StartsWith("\u001b[2m", Encoding.UTF8.GetString(Prefixes.For("tend", 4, color: true, self: true, enabled: true)));

    [Fact]
    public void For_PrefixTurnedOff_IsEmpty() =>
        Assert.Empty(Prefixes.For("web", 6, color: true, self: false, enabled: false));
}
