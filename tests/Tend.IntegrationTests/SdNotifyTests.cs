using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>systemd's sd_notify: a program with `notify: systemd` is ready when it sends READY=1 to NOTIFY_SOCKET.</summary>
public class SdNotifyTests
{
    [Fact(Timeout = 60_000)]
    public async Task I_see_a_dependent_start_only_after_its_dependency_sent_READY_over_sd_notify()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var gate = dir.File("gate");
        // A tiny sd_notify client: STATUS first, READY once the test opens the gate.
        var notifier = Write(dir.Path, "notifier.py", $"""
            import os, socket, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.sendto(b"STATUS=warming up", os.environ["NOTIFY_SOCKET"])
            while not os.path.exists({Quote(gate)}):
                time.sleep(0.02)
            s.sendto(b"READY=1\nSTATUS=serving", os.environ["NOTIFY_SOCKET"])
            time.sleep(1000)
            """);
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: ["/usr/bin/python3", {Quote(notifier)}]
                notify: systemd
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}db: ready{"}"}
            """);
        tend.WaitForLine("db status: warming up");
        tend.WaitForLine("web waiting for db (ready)");
        Assert.Equal(0, tend.Count("web started pid"));
        File.WriteAllText(gate, "");
        tend.WaitForLine("db is ready (sd_notify READY=1)");
        tend.WaitForLine("web started pid");
        var lines = tend.Stdout.ToList();
        Assert.True(lines.FindIndex(l => l.Contains("db is ready")) < lines.FindIndex(l => l.Contains("web started pid")), tend.Transcript());
        tend.WaitForLine("db status: serving");
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_see_a_program_running_as_another_user_reach_its_notify_socket()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var notifier = Write(dir.Path, "notifier.py", """
            import os, socket, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
            time.sleep(1000)
            """);
        MakeReadableByAll(dir.Path);
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: ["/usr/bin/python3", {Quote(notifier)}]
                notify: systemd
                user: nobody
              web:
                command: {Dummy("sleep", "inf")}
                depends_on: {"{"}db: ready{"}"}
            """);
        tend.WaitForLine("db is ready (sd_notify READY=1)");
        tend.WaitForLine("web started pid");
        Assert.Equal(0, tend.Count("Permission denied"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>
    /// Issue 16 item 7, the attack: Tend runs at umask 000; a program running as nobody finds the
    /// other programs' sd_notify sockets next to its own and sends READY=1 to each: to root's
    /// program, to another user's (daemon), and to a program of its own user, whose socket it may
    /// write to. None of them is marked ready: the first two sockets refuse the connection (mode
    /// 0600, each its program's user's), and the third message is refused because the kernel names
    /// its sender, which is no process of that program.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task A_program_cannot_mark_another_program_ready_even_at_umask_000()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var attacker = Write(dir.Path, "attacker.py", """
            import os, socket, time
            own = os.environ["NOTIFY_SOCKET"]
            base = os.path.dirname(own)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            for target in ["db", "other", "peer"]:
                # Next to its own socket, whichever layout Tend uses.
                for path in [os.path.join(base, target), os.path.join(os.path.dirname(base), target, "notify")]:
                    if not os.path.exists(path):
                        continue
                    try:
                        s.sendto(b"READY=1", path)
                        print(f"attack {target}: sent", flush=True)
                    except OSError as e:
                        print(f"attack {target}: {type(e).__name__}", flush=True)
            print("attack done", flush=True)
            time.sleep(1000)
            """);
        MakeReadableByAll(dir.Path);
        using var tend = TendHost.Start(["run", dir.Write("tend.yaml", $$"""
            programs:
              db:
                command: ["/bin/sleep", "1000"]
                notify: systemd
              other:
                command: ["/bin/sleep", "1000"]
                notify: systemd
                user: daemon
              peer:
                command: ["/bin/sleep", "1000"]
                notify: systemd
                user: nobody
              attacker:
                command: ["/usr/bin/python3", {{Quote(attacker)}}]
                notify: systemd
                user: nobody
                depends_on: {db: started, other: started, peer: started}
            """)], launcher: ["/bin/sh", "-c", "umask 000 && exec \"$@\"", "sh"]);

        tend.WaitForLine("attack done");
        // peer's socket is nobody's, so the datagram arrives; its refusal is the last event to wait for.
        tend.WaitForLine("peer: sd_notify message from pid");
        Assert.Equal(1, tend.Count("attack db: PermissionError"));
        Assert.Equal(1, tend.Count("attack other: PermissionError"));
        Assert.Equal(1, tend.Count("attack peer: sent"));
        foreach (var victim in new[] { "db", "other", "peer" })
            Assert.True(tend.Count($"{victim} is ready") == 0, tend.Transcript());
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>What the check still lets through: READY=1 from a child of the program's main process (a shell running the notifier).</summary>
    [Fact(Timeout = 60_000)]
    public async Task I_see_READY_from_a_child_of_the_program_accepted()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var notifier = Write(dir.Path, "notifier.py", """
            import os, socket, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
            time.sleep(1000)
            """);
        using var tend = TendHost.Run(dir, $"""
            programs:
              db:
                command: ["/bin/sh", "-c", "/usr/bin/python3 {notifier}; true"]
                notify: systemd
            """);
        tend.WaitForLine("db is ready (sd_notify READY=1)");
        Assert.Equal(0, tend.Count("refused"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    private static void MakeReadableByAll(string path)
    {
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.GetFiles(path))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
    }
}
