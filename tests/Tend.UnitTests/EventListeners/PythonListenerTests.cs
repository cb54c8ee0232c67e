using System.Text;
using Tend.Supervision;
using Tend.Supervision.EventListeners;
using Xunit.Abstractions;

namespace Tend.UnitTests.EventListeners;

/// <summary>Real listeners written with supervisor.childutils, talking to a ListenerChannel.</summary>
public sealed class PythonListenerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The shape of the listeners people run under supervisord (kill the container on FATAL):
    /// childutils.listener.wait / ok / fail, get_headers and eventdata on the payload. It refuses
    /// each REMOTE_COMMUNICATION once, to see the retry, and writes what it got to argv[1].
    /// </summary>
    private const string Listener = """
import sys
from supervisor import childutils

record = sys.argv[1]
refused = set()

def note(line):
    with open(record, 'a', encoding='utf-8') as f:
        f.write(line + '\n')

while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    name = headers['eventname']
    envelope = 'serial=%s poolserial=%s pool=%s server=%s ver=%s len=%s' % (
        headers['serial'], headers['poolserial'], headers['pool'], headers['server'], headers['ver'], headers['len'])
    if name == 'REMOTE_COMMUNICATION' and headers['serial'] not in refused:
        refused.add(headers['serial'])
        note('FAIL ' + headers['serial'])
        childutils.listener.fail(sys.stdout)
        continue
    if name.startswith('PROCESS_STATE_'):
        p = childutils.get_headers(payload)
        note('%s %s %s' % (name, envelope, ' '.join('%s=%s' % kv for kv in sorted(p.items()))))
    elif name.startswith('TICK_'):
        note('%s %s when=%s' % (name, envelope, childutils.get_headers(payload)['when']))
    elif name == 'REMOTE_COMMUNICATION':
        p, data = childutils.eventdata(payload)
        note('%s %s type=%s data=%s' % (name, envelope, p['type'], data.encode('utf-8').hex()))
    else:
        note('%s %s payload=%r' % (name, envelope, payload))
    childutils.listener.ok(sys.stdout)
""";

    [Fact(Timeout = 60_000)]
    public async Task A_childutils_listener_gets_fatal_and_tick_events_and_a_refused_event_again()
    {
        await Task.Yield();
        var hub = new EventHub();
        var log = new List<string>();
        var pool = new ListenerPool("fatal_killer", EventSubscription.Parse(["PROCESS_STATE", "TICK_60", "REMOTE_COMMUNICATION"]), 10,
            new ListenerReports { Log = log.Add });
        hub.Add(pool);
        using var listener = PythonListener.Start(Listener, pool, "fatal_killer", output);
        if (listener is null) return;

        const string Data = "v1.2 héllo 😀\nsecond line";
        hub.Publish(EventSerializer.ProcessState(new("web", "web", ProgramState.Backoff, ProgramState.Fatal, 3, false, 0)));
        hub.Publish(EventSerializer.Tick(60, 1_700_000_040));
        hub.Publish(EventSerializer.Tick(5, 1_700_000_045));      // not subscribed: takes no serial
        hub.Publish(EventSerializer.RemoteCommunication("deploy", Data));
        hub.Publish(EventSerializer.ProcessState(new("worker_01", "workers", ProgramState.Running, ProgramState.Exited, 0, false, 4321)));

        var lines = listener.RunUntil(5, Timeout);

        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Data));
        Assert.Equal(
        [
            "PROCESS_STATE_FATAL serial=0 poolserial=0 pool=fatal_killer server=supervisor ver=3.0 len=48 from_state=BACKOFF groupname=web processname=web",
            "TICK_60 serial=1 poolserial=1 pool=fatal_killer server=supervisor ver=3.0 len=15 when=1700000040",
            "FAIL 2",
            $"REMOTE_COMMUNICATION serial=2 poolserial=2 pool=fatal_killer server=supervisor ver=3.0 len={12 + Data.EnumerateRunes().Count()} type=deploy data={hex}",
            "PROCESS_STATE_EXITED serial=3 poolserial=3 pool=fatal_killer server=supervisor ver=3.0 len=78 expected=0 from_state=RUNNING groupname=workers pid=4321 processname=worker_01",
        ], lines);
        listener.RunUntil(() => listener.Channel.State == ListenerState.Ready, Timeout, "READY after the last OK");
        Assert.Null(listener.Channel.InFlight);
        Assert.Empty(pool.Buffered);
        Assert.Single(log, m => m.Contains("event 2 was rejected"));
    }

    /// <summary>The classic mistake: a listener that prints to stdout breaks the protocol.</summary>
    private const string Chatty = """
import sys
from supervisor import childutils
print('starting up')
sys.stdout.flush()
headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
""";

    [Fact(Timeout = 60_000)]
    public async Task A_listener_printing_to_stdout_is_reported_broken_and_its_text_is_logged()
    {
        await Task.Yield();
        var output2 = new StringBuilder();
        var broken = new List<string>();
        var pool = new ListenerPool("chatty", EventSubscription.Parse(["EVENT"]), 10, new ListenerReports
        {
            Output = (_, bytes) => output2.Append(Encoding.UTF8.GetString(bytes)),
            Broken = (c, why) => broken.Add(c.ProcessName + ": " + why),
        });
        using var listener = PythonListener.Start(Chatty, pool, "chatty", output);
        if (listener is null) return;

        listener.RunUntil(() => output2.ToString().Contains("READY\n"), Timeout, "the listener's output");

        Assert.Equal(ListenerState.Broken, listener.Channel.State);
        Assert.Equal(["chatty: expected READY"], broken);
        Assert.StartsWith("starting up\n", output2.ToString());
    }
}
