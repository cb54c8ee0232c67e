using Tend.Supervision;
using Tend.Supervision.EventListeners;

namespace Tend.UnitTests.EventListeners;

public class EventTypesTests
{
    [Theory]
    [InlineData("PROCESS_STATE_FATAL", "PROCESS_STATE_FATAL", true)]
    [InlineData("PROCESS_STATE_FATAL", "PROCESS_STATE", true)]
    [InlineData("PROCESS_STATE_FATAL", "EVENT", true)]
    [InlineData("PROCESS_STATE_FATAL", "PROCESS_STATE_EXITED", false)]
    [InlineData("PROCESS_STATE_FATAL", "TICK", false)]
    [InlineData("TICK_60", "TICK", true)]
    [InlineData("TICK_60", "TICK_5", false)]
    [InlineData("TICK_3600", "EVENT", true)]
    [InlineData("SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE", true)]
    [InlineData("SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_STATE", false)]
    [InlineData("REMOTE_COMMUNICATION", "EVENT", true)]
    [InlineData("REMOTE_COMMUNICATION", "PROCESS_COMMUNICATION", false)]
    [InlineData("PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION", true)]
    [InlineData("PROCESS_LOG_STDERR", "PROCESS_LOG", true)]
    [InlineData("PROCESS_LOG_STDERR", "PROCESS_COMMUNICATION", false)]
    [InlineData("PROCESS_GROUP_ADDED", "PROCESS_GROUP", true)]
    [InlineData("PROCESS_GROUP_REMOVED", "EVENT", true)]
    public void IsA_FollowsTheParentChain(string eventName, string type, bool expected) =>
        Assert.Equal(expected, EventTypes.IsA(eventName, type));

    [Fact]
    public void EveryTypeDescendsFromEvent_AndAbstractOnesAreParents()
    {
        Assert.Equal(27, EventTypes.All.Count);
        foreach (var name in EventTypes.All)
        {
            Assert.True(EventTypes.IsA(name, EventTypes.Event), name);
            var hasChildren = EventTypes.All.Any(n => EventTypes.ParentOf(n) == name);
            Assert.Equal(hasChildren, EventTypes.IsAbstract(name));
        }
    }

    [Theory]
    [InlineData(ProgramState.Stopped, "PROCESS_STATE_STOPPED")]
    [InlineData(ProgramState.Starting, "PROCESS_STATE_STARTING")]
    [InlineData(ProgramState.Running, "PROCESS_STATE_RUNNING")]
    [InlineData(ProgramState.Backoff, "PROCESS_STATE_BACKOFF")]
    [InlineData(ProgramState.Stopping, "PROCESS_STATE_STOPPING")]
    [InlineData(ProgramState.Exited, "PROCESS_STATE_EXITED")]
    [InlineData(ProgramState.Fatal, "PROCESS_STATE_FATAL")]
    public void ForState_NamesEveryStateAsAKnownConcreteType(ProgramState state, string name)
    {
        Assert.Equal(name, EventTypes.ForState(state));
        Assert.True(EventTypes.IsKnown(name));
        Assert.False(EventTypes.IsAbstract(name));
    }

    [Fact]
    public void Subscription_ToAParent_WantsEveryChild_AndNothingElse()
    {
        var s = EventSubscription.Parse(["PROCESS_STATE"]);
        Assert.True(s.IsValid);
        foreach (var state in Enum.GetValues<ProgramState>()) Assert.True(s.Wants(EventTypes.ForState(state)));
        Assert.True(s.Wants("PROCESS_STATE_UNKNOWN"));
        Assert.False(s.Wants("TICK_5"));
        Assert.False(s.Wants("REMOTE_COMMUNICATION"));
    }

    [Fact]
    public void Subscription_ToEvent_WantsEverything()
    {
        var s = EventSubscription.Parse(["EVENT"]);
        Assert.All(EventTypes.All, n => Assert.True(s.Wants(n), n));
    }

    [Fact]
    public void Subscription_IsCaseInsensitiveAndTrimmed_LikeSupervisord()
    {
        var s = EventSubscription.Parse([" process_state_fatal ", "Tick_60"]);
        Assert.True(s.IsValid);
        Assert.Equal(["PROCESS_STATE_FATAL", "TICK_60"], s.Types.Order());
        Assert.True(s.Wants("PROCESS_STATE_FATAL"));
        Assert.False(s.Wants("PROCESS_STATE_EXITED"));
        Assert.True(s.Wants("TICK_60"));
        Assert.False(s.Wants("TICK_5"));
    }

    [Fact]
    public void Subscription_ReportsEveryUnknownName()
    {
        var s = EventSubscription.Parse(["PROCESS_STATE", "PROCESS_STATE_CHANGE", "TICK_10", "TICK_10"]);
        Assert.False(s.IsValid);
        Assert.Equal(["PROCESS_STATE_CHANGE", "TICK_10"], s.Unknown);
        Assert.Equal(["Unknown event type PROCESS_STATE_CHANGE", "Unknown event type TICK_10"], s.Errors);
        Assert.True(s.Wants("PROCESS_STATE_RUNNING")); // the known ones still work
    }

    [Fact]
    public void Subscription_Empty_IsAnError()
    {
        var s = EventSubscription.Parse(["", " "]);
        Assert.False(s.IsValid);
        Assert.Equal(["requires an \"events\" line"], s.Errors);
    }
}
