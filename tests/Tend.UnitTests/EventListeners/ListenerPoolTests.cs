using System.Text;
using Tend.Supervision;
using Tend.Supervision.EventListeners;

namespace Tend.UnitTests.EventListeners;

/// <summary>The pool and its channels over real pipes, with the test playing the listener.</summary>
public sealed class ListenerPoolTests : IDisposable
{
    private readonly List<string> _log = [];
    private readonly List<string> _output = [];
    private readonly List<string> _broken = [];
    private readonly List<(ListenerChannel, bool)> _watch = [];
    private readonly List<PipeListener> _listeners = [];
    private readonly EventHub _hub = new();

    private ListenerPool Pool(string name = "crashmail", int bufferSize = 10, params string[] events)
    {
        var pool = new ListenerPool(name, EventSubscription.Parse(events.Length == 0 ? ["EVENT"] : events), bufferSize, new ListenerReports
        {
            Log = _log.Add,
            Output = (process, bytes) => _output.Add(process + ": " + Encoding.UTF8.GetString(bytes)),
            Broken = (channel, why) => _broken.Add(channel.ProcessName + ": " + why),
            WatchWritable = (channel, on) => _watch.Add((channel, on)),
        });
        _hub.Add(pool);
        return pool;
    }

    private PipeListener Listener(ListenerPool pool, string name = "crashmail")
    {
        var l = new PipeListener(pool, name);
        _listeners.Add(l);
        return l;
    }

    private static ListenerEvent Fatal(string name) =>
        EventSerializer.ProcessState(new(name, name, ProgramState.Backoff, ProgramState.Fatal, 3, false, 0));

    private static string Header(long serial, long poolSerial, string eventName, int len, string pool = "crashmail") =>
        $"ver:3.0 server:supervisor serial:{serial} pool:{pool} poolserial:{poolSerial} eventname:{eventName} len:{len}\n";

    [Fact]
    public void AnEvent_WaitsForReady_ThenIsSentOnce()
    {
        var pool = Pool();
        var l = Listener(pool);
        _hub.Publish(Fatal("web"));
        Assert.Equal("", l.Received());
        Assert.Single(pool.Buffered);

        l.Say("READY\n");
        Assert.Equal(Header(0, 0, "PROCESS_STATE_FATAL", 48) + "processname:web groupname:web from_state:BACKOFF", l.Received());
        Assert.Equal(ListenerState.Busy, l.Channel.State);
        Assert.Empty(pool.Buffered);
    }

    [Fact]
    public void WhileBusy_EventsWait_AndOkThenReady_SendsTheNext()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.Say("READY\n");
        _hub.Publish(Fatal("a"));
        _hub.Publish(Fatal("b"));
        Assert.Contains("processname:a ", l.Received());
        Assert.Single(pool.Buffered);

        l.Say("RESULT 2\nOK");
        Assert.Equal("", l.Received());                          // acknowledged: not ready yet
        Assert.Equal(ListenerState.Acknowledged, l.Channel.State);
        l.Say("READY\n");
        var second = l.Received();
        Assert.StartsWith(Header(1, 1, "PROCESS_STATE_FATAL", 44), second);
        Assert.Contains("processname:b ", second);
        Assert.Null(pool.Buffered.FirstOrDefault());
    }

    [Fact]
    public void Fail_SendsTheSameEventAgain_WithTheSameSerials()
    {
        var pool = Pool();
        var l = Listener(pool);
        _hub.Publish(Fatal("a"));
        _hub.Publish(Fatal("b"));
        l.Say("READY\n");
        var first = l.Received();
        l.Say("RESULT 4\nFAIL");
        Assert.Contains(_log, m => m.Contains("event 0 was rejected"));
        Assert.Equal(2, pool.Buffered.Count);
        Assert.Equal(0, pool.Buffered[0].Serial);                // back at the front, before b
        l.Say("READY\n");
        Assert.Equal(first, l.Received());
    }

    [Fact]
    public void ResultSplitAcrossReads_IsStillOneResult()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.Say("REA");
        l.Say("DY\n");
        _hub.Publish(Fatal("a"));
        _hub.Publish(Fatal("b"));
        l.Received();
        l.Say("RESU");
        l.Say("LT 2\nO");
        Assert.NotNull(l.Channel.InFlight);
        l.Say("KREA");
        Assert.Null(l.Channel.InFlight);
        l.Say("DY\n");
        Assert.Contains("processname:b ", l.Received());
        Assert.Empty(_broken);
    }

    [Fact]
    public void Garbage_BreaksTheListener_ReportsIt_AndHandsTheBytesOnAsOutput()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.Say("Traceback (most recent call last):\n");
        Assert.Equal(ListenerState.Broken, l.Channel.State);
        Assert.Equal(["crashmail: expected READY"], _broken);
        Assert.Equal(["crashmail: Traceback (most recent call last):\n"], _output);
        _hub.Publish(Fatal("web"));
        Assert.Equal("", l.Received());                          // a broken listener gets nothing
        Assert.Single(pool.Buffered);
    }

    [Fact]
    public void BadResult_RequeuesTheEvent_ForAnotherMember()
    {
        var pool = Pool();
        var a = Listener(pool, "crashmail_0");
        var b = Listener(pool, "crashmail_1");
        a.Say("READY\n");
        _hub.Publish(Fatal("web"));
        var sent = a.Received();
        a.Say("RESULT two\nOK");
        Assert.Equal(ListenerState.Broken, a.Channel.State);
        Assert.Single(_broken);
        b.Say("READY\n");
        Assert.Equal(sent, b.Received());
    }

    [Fact]
    public void Overflow_DropsTheOldest_AndSaysSo()
    {
        var pool = Pool(bufferSize: 2);
        var l = Listener(pool);
        _hub.Publish(Fatal("a"));
        _hub.Publish(Fatal("b"));
        _hub.Publish(Fatal("c"));
        Assert.Equal([1L, 2L], pool.Buffered.Select(e => e.Serial));
        Assert.Equal(["pool crashmail event buffer overflowed, discarding event 0"], _log);
        l.Say("READY\n");
        Assert.Contains("processname:b ", l.Received());
    }

    [Fact]
    public void ListenerExitingMidEvent_GivesTheEventToTheNextListenerProcess()
    {
        var pool = Pool();
        var first = Listener(pool);
        first.Say("READY\n");
        _hub.Publish(Fatal("web"));
        var sent = first.Received();
        pool.Detach(first.Channel);                              // reaped while BUSY
        Assert.True(first.Channel.Disposed);
        Assert.Single(pool.Buffered);
        Assert.Contains(_log, m => m.Contains("exited while handling event 0"));

        var restarted = Listener(pool);
        Assert.Equal("", restarted.Received());
        restarted.Say("READY\n");
        Assert.Equal(sent, restarted.Received());
    }

    [Fact]
    public void SeveralMembers_EachReadyOneGetsAnEvent()
    {
        var pool = Pool();
        var a = Listener(pool, "l_0");
        var b = Listener(pool, "l_1");
        a.Say("READY\n");
        b.Say("READY\n");
        _hub.Publish(Fatal("x"));
        _hub.Publish(Fatal("y"));
        _hub.Publish(Fatal("z"));
        Assert.Contains("processname:x ", a.Received());
        Assert.Contains("processname:y ", b.Received());
        Assert.Single(pool.Buffered);
        b.Say("RESULT 2\nOKREADY\n");
        Assert.Contains("processname:z ", b.Received());
    }

    [Fact]
    public void NotRunning_GetsNoEvents_UntilTheHostSaysItIs()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.Channel.SetRunning(false);
        l.Say("READY\n");
        _hub.Publish(Fatal("web"));
        Assert.Equal("", l.Received());
        l.Channel.SetRunning(true);
        Assert.Contains("PROCESS_STATE_FATAL", l.Received());
    }

    [Fact]
    public void StdinClosed_TheEventStaysBuffered_AndGoesToAnotherMember()
    {
        var pool = Pool();
        var a = Listener(pool, "l_0");
        var b = Listener(pool, "l_1");
        a.Say("READY\n");
        a.CloseStdin();
        _hub.Publish(Fatal("web"));                              // EPIPE on a: not lost
        Assert.Single(pool.Buffered);
        Assert.Contains(_log, m => m.Contains("l_0: cannot send event 0"));
        b.Say("READY\n");
        Assert.Contains("processname:web ", b.Received());
    }

    [Fact]
    public void StdoutClosed_OnReadableSaysSo()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.CloseStdout();
        Assert.False(l.Channel.OnReadable());
    }

    [Fact]
    public void ALargeEvent_IsWrittenInPieces_WhenTheHostSaysStdinIsWritable()
    {
        var pool = Pool();
        var l = Listener(pool);
        l.Say("READY\n");
        var data = new string('x', 300_000);                    // more than a pipe holds
        _hub.Publish(EventSerializer.RemoteCommunication("blob", data));
        Assert.True(l.Channel.WantsWritable);
        Assert.Equal((l.Channel, true), _watch.Single());
        var received = new List<byte>();
        for (var i = 0; i < 100 && l.Channel.WantsWritable; i++)
        {
            received.AddRange(l.ReceivedBytes());
            l.Channel.FlushWritable();
        }
        received.AddRange(l.ReceivedBytes());
        Assert.False(l.Channel.WantsWritable);
        Assert.Equal((l.Channel, false), _watch.Last());
        Assert.Equal(Header(0, 0, "REMOTE_COMMUNICATION", 300_010) + "type:blob\n" + data, Encoding.UTF8.GetString(received.ToArray()));
    }

    [Fact]
    public void Serials_AreGlobalAcrossPools_AndCountedPerPool()
    {
        var all = Pool("all", 10, "EVENT");
        var ticks = Pool("ticks", 10, "TICK");
        Assert.Null(new EventHub().Publish(Fatal("x")));         // nobody subscribed: no number taken
        _hub.Publish(Fatal("a"));                                // serial 0: all#0
        _hub.Publish(EventSerializer.Tick(60, 60));              // serial 1: all#1, ticks#0
        _hub.Publish(EventSerializer.Tick(5, 65));               // serial 2: all#2, ticks#1
        Assert.Equal([(0L, 0L), (1L, 1L), (2L, 2L)], all.Buffered.Select(e => (e.Serial, e.PoolSerial)));
        Assert.Equal([(1L, 0L), (2L, 1L)], ticks.Buffered.Select(e => (e.Serial, e.PoolSerial)));
        var l = Listener(ticks, "ticks");
        l.Say("READY\n");
        Assert.Equal(Header(1, 0, "TICK_60", 7, "ticks") + "when:60", l.Received());
    }

    [Fact]
    public void RemovingAPool_ClosesItsListeners()
    {
        var pool = Pool();
        var l = Listener(pool);
        _hub.Remove(pool);
        Assert.True(l.Channel.Disposed);
        Assert.Null(_hub.Publish(Fatal("x")));
    }

    public void Dispose()
    {
        foreach (var l in _listeners)
        {
            l.Channel.Dispose();
            l.Dispose();
        }
    }
}
