using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// A real supervisord event listener, written with supervisor.childutils (Debian's supervisor
/// package), under Tend as PID 1: the common "stop the container when a program goes FATAL" one.
/// </summary>
public class EventListenerTests
{
    private const string Listener = """
        import os, signal, sys
        from supervisor import childutils

        log = open(sys.argv[1], "a", buffering=1)
        while True:
            headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
            fields = childutils.get_headers(payload.split("\n", 1)[0])
            log.write("%s %s %s\n" % (headers["eventname"], fields.get("processname", "-"), fields.get("from_state", "-")))
            childutils.listener.ok(sys.stdout)
            if headers["eventname"] == "PROCESS_STATE_FATAL":
                os.kill(1, signal.SIGTERM)
        """;

    [Fact(Timeout = 120_000)]
    public async Task A_childutils_listener_hears_state_changes_and_stops_the_container_on_FATAL()
    {
        await Task.Yield();
        Tools.Require("python3");
        using var dir = new TempDir();
        var script = dir.Write("listener.py", Listener);
        var heard = dir.File("heard.log");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:steady]
            command=sleep 100000
            startsecs=0

            [program:flaky]
            command=sh -c 'exit 3'
            startsecs=1
            startretries=1
            autostart=false

            [eventlistener:watch]
            command=python3 {script} {heard}
            events=PROCESS_STATE_RUNNING,PROCESS_STATE_FATAL,SUPERVISOR_STATE_CHANGE
            """);
        using var tend = TendHost.Start(["run", conf]);
        WaitFor(heard, "PROCESS_STATE_RUNNING steady STARTING");
        // The listener must be RUNNING to receive events; start flaky only once it is.
        WaitFor(heard, "PROCESS_STATE_RUNNING watch STARTING");
        Assert.Equal(0, Ctl.Run(tend, "ctl", "start", "flaky").Code);
        WaitFor(heard, "PROCESS_STATE_FATAL flaky BACKOFF");
        Assert.Equal(1, tend.WaitForExit()); // stopped by the listener's SIGTERM; a FATAL program makes it 1
        var lines = File.ReadAllLines(heard);
        Assert.Contains("SUPERVISOR_STATE_CHANGE_RUNNING - -", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PROCESS_STATE_BACKOFF", StringComparison.Ordinal)); // not subscribed
    }

    private static void WaitFor(string file, string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(File.Exists(file) && File.ReadAllLines(file).Contains(line)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the listener never wrote \"{line}\"; it wrote:\n{(File.Exists(file) ? File.ReadAllText(file) : "(nothing)")}");
            Thread.Sleep(20);
        }
    }
}
