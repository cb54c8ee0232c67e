using System.Text;
using Tend.Supervision;
using Tend.Supervision.EventListeners;

namespace Tend.UnitTests.EventListeners;

public class EventSerializerTests
{
    private static string Wire(ListenerEvent e, long serial = 7, long poolSerial = 3, string pool = "crashmail") =>
        Encoding.UTF8.GetString(EventSerializer.Envelope(new QueuedEvent(e, serial, poolSerial), pool));

    [Theory]
    [InlineData(ProgramState.Stopped, ProgramState.Starting, "PROCESS_STATE_STARTING", "processname:web groupname:web from_state:STOPPED tries:0")]
    [InlineData(ProgramState.Backoff, ProgramState.Starting, "PROCESS_STATE_STARTING", "processname:web groupname:web from_state:BACKOFF tries:2")]
    [InlineData(ProgramState.Starting, ProgramState.Backoff, "PROCESS_STATE_BACKOFF", "processname:web groupname:web from_state:STARTING tries:2")]
    [InlineData(ProgramState.Starting, ProgramState.Running, "PROCESS_STATE_RUNNING", "processname:web groupname:web from_state:STARTING pid:4321")]
    [InlineData(ProgramState.Running, ProgramState.Stopping, "PROCESS_STATE_STOPPING", "processname:web groupname:web from_state:RUNNING pid:4321")]
    [InlineData(ProgramState.Stopping, ProgramState.Stopped, "PROCESS_STATE_STOPPED", "processname:web groupname:web from_state:STOPPING pid:4321")]
    [InlineData(ProgramState.Running, ProgramState.Exited, "PROCESS_STATE_EXITED", "processname:web groupname:web from_state:RUNNING expected:0 pid:4321")]
    [InlineData(ProgramState.Backoff, ProgramState.Fatal, "PROCESS_STATE_FATAL", "processname:web groupname:web from_state:BACKOFF")]
    public void ProcessState_PayloadCarriesTheExtrasOfItsState(ProgramState from, ProgramState to, string name, string payload)
    {
        var e = EventSerializer.ProcessState(new ProcessStateInfo("web", "web", from, to, Tries: 2 * (from == ProgramState.Stopped ? 0 : 1), Expected: false, Pid: 4321));
        Assert.Equal(name, e.Name);
        Assert.Equal(payload, e.Payload);
    }

    [Fact]
    public void ProcessState_ExitedExpected_SaysOne_AndTheGroupIsItsOwn()
    {
        var e = EventSerializer.ProcessState(new("worker_01", "workers", ProgramState.Running, ProgramState.Exited, 0, true, 99));
        Assert.Equal("processname:worker_01 groupname:workers from_state:RUNNING expected:1 pid:99", e.Payload);
    }

    [Fact]
    public void Envelope_IsTheHeaderLineThenThePayload()
    {
        var e = EventSerializer.ProcessState(new("web", "web", ProgramState.Backoff, ProgramState.Fatal, 3, false, 0));
        Assert.Equal(
            "ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:PROCESS_STATE_FATAL len:48\n" +
            "processname:web groupname:web from_state:BACKOFF",
            Wire(e));
    }

    [Fact]
    public void Envelope_UsesTheServerIdentifier()
    {
        var bytes = EventSerializer.Envelope(new QueuedEvent(EventSerializer.SupervisorRunning(), 0, 0), "p", "tend");
        Assert.Equal("ver:3.0 server:tend serial:0 pool:p poolserial:0 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void SupervisorStateChanges_HaveEmptyPayloads()
    {
        Assert.Equal("ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:SUPERVISOR_STATE_CHANGE_STOPPING len:0\n",
            Wire(EventSerializer.SupervisorStopping()));
    }

    [Theory]
    [InlineData(5, "TICK_5")]
    [InlineData(60, "TICK_60")]
    [InlineData(3600, "TICK_3600")]
    public void Tick_SaysWhen(int period, string name) =>
        Assert.Equal($"ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:{name} len:15\nwhen:1700000000",
            Wire(EventSerializer.Tick(period, 1700000000)));

    [Fact]
    public void Tick_OtherPeriods_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EventSerializer.Tick(10, 0));

    [Fact]
    public void RemoteCommunication_IsTypeLineThenData() =>
        Assert.Equal("ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:REMOTE_COMMUNICATION len:18\ntype:deploy\nv1.2.3",
            Wire(EventSerializer.RemoteCommunication("deploy", "v1.2.3")));

    [Fact]
    public void ProcessGroup_AddedAndRemoved_EndWithANewline()
    {
        Assert.Equal("ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:PROCESS_GROUP_ADDED len:14\ngroupname:web\n",
            Wire(EventSerializer.ProcessGroupAdded("web")));
        Assert.Equal("ver:3.0 server:supervisor serial:7 pool:crashmail poolserial:3 eventname:PROCESS_GROUP_REMOVED len:14\ngroupname:web\n",
            Wire(EventSerializer.ProcessGroupRemoved("web")));
    }

    [Fact]
    public void ProcessLog_NamesTheChannel()
    {
        var e = EventSerializer.ProcessLog(stderr: true, "web", "web", 12, "oops\n");
        Assert.Equal("PROCESS_LOG_STDERR", e.Name);
        Assert.Equal("processname:web groupname:web pid:12 channel:stderr\noops\n", e.Payload);
    }

    [Fact]
    public void Len_CountsCharacters_AsSupervisordAndChildutilsDo()
    {
        // "é" is 2 bytes, "😀" 4 bytes: len counts 1 each, as Python's len() of the str does.
        var bytes = EventSerializer.Envelope(new QueuedEvent(EventSerializer.RemoteCommunication("t", "é😀"), 0, 0), "p");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("ver:3.0 server:supervisor serial:0 pool:p poolserial:0 eventname:REMOTE_COMMUNICATION len:9\n", text);
        Assert.EndsWith("type:t\né😀", text);
    }

    [Fact]
    public void TickSchedule_FiresWhenThePeriodSliceChanges_NotAtStartUp()
    {
        var ticks = new TickSchedule();
        Assert.Empty(ticks.Due(1_700_000_002));                  // start-up only remembers the slices
        Assert.Empty(ticks.Due(1_700_000_004));
        var at5 = ticks.Due(1_700_000_005);
        Assert.Equal(["TICK_5"], at5.Select(e => e.Name));
        Assert.Equal("when:1700000005", at5[0].Payload);
        Assert.Empty(ticks.Due(1_700_000_009));
        var late = ticks.Due(1_700_003_601);                     // a late check: one of each, no backlog
        Assert.Equal(["TICK_5", "TICK_60", "TICK_3600"], late.Select(e => e.Name));
        Assert.Equal(["when:1700003600", "when:1700003580", "when:1700002800"], late.Select(e => e.Payload));
        Assert.Equal(1_700_003_605, TickSchedule.NextDue(1_700_003_601));
    }
}

public class ProcessStateInfoTests
{
    [Fact]
    public void FromAStateChange_UsesTheProgramGroup_ElseItsName_AndItsFailedStarts()
    {
        var alone = new ProgramRuntime(new Tend.Model.ProgramSpec { Name = "web", Command = ["/bin/true"] }) { FailedStarts = 2 };
        var info = new StateChange(alone, ProgramState.Starting, ProgramState.Backoff, 0, false).ToEventInfo(pid: 0);
        Assert.Equal(new ProcessStateInfo("web", "web", ProgramState.Starting, ProgramState.Backoff, 2, false, 0), info);

        var member = new ProgramRuntime(new Tend.Model.ProgramSpec { Name = "worker_01", Command = ["/bin/true"], ProgramGroup = "workers" });
        var exited = new StateChange(member, ProgramState.Running, ProgramState.Exited, 0, true).ToEventInfo(pid: 77);
        Assert.Equal("processname:worker_01 groupname:workers from_state:RUNNING expected:1 pid:77", EventSerializer.ProcessState(exited).Payload);
    }
}
