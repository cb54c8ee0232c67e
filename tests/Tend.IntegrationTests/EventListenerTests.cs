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

    /// <summary>supervisor-stdout's way: the program's output reaches only a listener that relays PROCESS_LOG.</summary>
    private const string Relay = """
        import sys
        from supervisor import childutils

        out = open(sys.argv[1], "a", buffering=1)
        while True:
            headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
            fields, data = payload.split("\n", 1)
            h = childutils.get_headers(fields)
            for line in data.splitlines():
                out.write("%s %s %s: %s\n" % (headers["eventname"], h["processname"], h["channel"], line))
            childutils.listener.ok(sys.stdout)
        """;

    [Fact(Timeout = 120_000)]
    public async Task Output_sent_only_through_a_PROCESS_LOG_listener_reaches_it()
    {
        await Task.Yield();
        Tools.Require("python3");
        using var dir = new TempDir();
        var script = dir.Write("relay.py", Relay);
        var relayed = dir.File("relayed.log");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:app]
            command=sh -c 'i=0; while :; do i=$((i+1)); echo "out-$i"; echo "err-$i" >&2; sleep 0.1; done'
            stdout_logfile=NONE
            stderr_logfile=NONE
            stdout_events_enabled=true
            stderr_events_enabled=true

            [eventlistener:stdout]
            command=python3 {script} {relayed}
            events=PROCESS_LOG
            """);
        using var tend = TendHost.Start(["run", conf]);
        var lines = Infrastructure.ScriptTree.WaitForLines(relayed, l =>
            l.Any(x => x.StartsWith("PROCESS_LOG_STDOUT app stdout: out-", StringComparison.Ordinal)) &&
            l.Any(x => x.StartsWith("PROCESS_LOG_STDERR app stderr: err-", StringComparison.Ordinal)));
        var relayedLine = lines.First(x => x.StartsWith("PROCESS_LOG_STDOUT", StringComparison.Ordinal));
        Assert.Equal(0, tend.Count(relayedLine[(relayedLine.LastIndexOf(' ') + 1)..])); // stdout_logfile=NONE: nowhere else
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// A program that prints as soon as it starts, before its listener (a slow Python start, here
    /// stretched) has said READY: supervisord keeps the event for the listener and it arrives; the
    /// container's first lines must not be lost.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Output_written_before_the_listener_is_READY_reaches_it()
    {
        await Task.Yield();
        Tools.Require("python3");
        using var dir = new TempDir();
        var script = dir.Write("relay.py", "import time; time.sleep(2)\n" + Relay);
        var relayed = dir.File("relayed.log");
        var conf = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true

            [program:app]
            command=sh -c 'echo first-line; echo first-error >&2; exec sleep 100000'
            stdout_logfile=NONE
            stderr_logfile=NONE
            stdout_events_enabled=true
            stderr_events_enabled=true

            [eventlistener:stdout]
            command=python3 {script} {relayed}
            events=PROCESS_LOG
            """);
        using var tend = TendHost.Start(["run", conf]);
        Infrastructure.ScriptTree.WaitForLines(relayed, l =>
            l.Contains("PROCESS_LOG_STDOUT app stdout: first-line") &&
            l.Contains("PROCESS_LOG_STDERR app stderr: first-error"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// supervisord starts an [eventlistener:x] before the programs (its priority defaults to -1), so
    /// it is there for their first events, and stops it after them; mailcow's images rely on that
    /// order. Tend started it with the programs' 999, after them.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task A_listener_starts_before_the_programs_and_stops_after_them()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var conf = dir.Write("supervisord.conf", """
            [supervisord]
            nodaemon=true

            [program:app]
            command=sleep 100000

            [eventlistener:watch]
            command=sh -c 'printf "READY\n"; exec sleep 100000'
            events=PROCESS_STATE_FATAL
            """);
        using var tend = TendHost.Start(["run", conf]);
        tend.WaitForLine("app started");
        tend.WaitForLine("watch started");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
        var lines = tend.Stdout.ToList();
        int At(string text) => lines.FindIndex(l => l.EndsWith(text, StringComparison.Ordinal) || l.Contains(text + " pid", StringComparison.Ordinal));
        Assert.True(At("watch started") < At("app started"), tend.Transcript());
        Assert.True(At("app stopped") < At("watch stopped"), tend.Transcript());
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
