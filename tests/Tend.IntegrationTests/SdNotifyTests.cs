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

    private static void MakeReadableByAll(string path)
    {
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.GetFiles(path))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
    }
}
