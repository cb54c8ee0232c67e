using Tend.Model;
using Tend.Supervision;

namespace Tend.UnitTests.Supervision;

public class StopPlanTests
{
    private static ProgramSpec P(string name, int priority, params string[] dependsOn) => new()
    {
        Name = name, Command = ["x"], Priority = priority,
        DependsOn = dependsOn.Select(d => new DependencySpec(d, DependencyCondition.Started)).ToList(),
    };

    [Fact]
    public void CanStop_EqualPriorities_StopTogether()
    {
        ProgramSpec[] up = [P("web", 100), P("php", 100)];
        Assert.True(StopPlan.CanStop(up[0], up));
        Assert.True(StopPlan.CanStop(up[1], up));
    }

    [Fact]
    public void CanStop_LowerPriority_WaitsForHigherToBeDown()
    {
        ProgramSpec[] up = [P("db", 10), P("web", 100)];
        Assert.False(StopPlan.CanStop(up[0], up));
        Assert.True(StopPlan.CanStop(up[1], up));
        Assert.True(StopPlan.CanStop(up[0], [up[0]]));
    }

    [Fact]
    public void CanStop_Dependency_WaitsForItsDependents_WhateverThePriority()
    {
        ProgramSpec[] up = [P("db", 100), P("web", 1, "db")];
        Assert.False(StopPlan.CanStop(up[0], up)); // web depends on db
        Assert.True(StopPlan.CanStop(up[1], up));
    }

    [Fact]
    public void StartOrder_ByPriorityThenDeclaration()
    {
        var order = StopPlan.StartOrder([P("b", 100), P("a", 100), P("db", 1)]);
        Assert.Equal(["db", "b", "a"], order.Select(p => p.Name));
    }
}
