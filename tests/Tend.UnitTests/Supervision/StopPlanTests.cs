using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class StopPlanTests
{
    private static ProgramSpec P(string name, int priority) => new() { Name = name, Command = ["x"], Priority = priority };

    [Fact]
    public void Waves_EqualPriorities_StopTogether_InReverseStartOrder()
    {
        var waves = StopPlan.Waves([P("db", 10), P("web", 100), P("php", 100), P("cache", 50)]);
        Assert.Equal(3, waves.Count);
        Assert.Equal(["web", "php"], waves[0]);
        Assert.Equal(["cache"], waves[1]);
        Assert.Equal(["db"], waves[2]);
    }

    [Fact]
    public void StartOrder_ByPriorityThenDeclaration()
    {
        var order = StopPlan.StartOrder([P("b", 100), P("a", 100), P("db", 1)]);
        Assert.Equal(["db", "b", "a"], order.Select(p => p.Name));
    }
}
