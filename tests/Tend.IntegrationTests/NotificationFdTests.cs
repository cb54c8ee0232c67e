using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.ScriptTree;

namespace Tend.IntegrationTests;

/// <summary>
/// Issue 16 item 8, the attack: a longrun of an s6-overlay tree with a notification-fd writes on
/// it without end and never a newline. Tend used to read all of it (in 512-byte reads, for as long
/// as the writer wrote: up to 90 % of a core); now it reads 4 KiB at most, says why it stopped, and
/// the writer meets a closed pipe. Measured from outside: Tend's CPU time (utime + stime in
/// /proc/PID/stat) and the bytes it read (rchar in /proc/PID/io) over the whole attack.
/// </summary>
public class NotificationFdTests
{
    private const int AttackBytes = 256 << 20;

    [Fact(Timeout = 120_000)]
    public async Task A_notification_fd_writer_without_a_newline_costs_Tend_4_KiB_and_no_CPU()
    {
        await Task.Yield();
        using var dir = new TempDir();
        var root = dir.Path;
        var gate = Path.Combine(root, "gate");
        var rc = "etc/s6-overlay/s6-rc.d";
        Write(root, $"{rc}/web/type", "longrun\n");
        Write(root, $"{rc}/web/notification-fd", "3\n");
        Script(root, $"{rc}/web/run", $"{WaitFor(gate)}\nhead -c {AttackBytes} /dev/zero >&3\necho \"writer done: $?\"\nexec sleep 1000");
        Write(root, "etc/s6-overlay/user-bundles.d/user/contents.d/web", "");
        using var tend = TendHost.Start(["run", "--root", root]);
        tend.WaitForLine("web started pid");
        var pid = tend.TendPid;
        var (cpuBefore, readBefore) = (CpuTicks(pid), BytesRead(pid));

        File.WriteAllText(gate, "");
        tend.WaitForLine("writer done:", TimeSpan.FromSeconds(90));
        // Tend's warning and the writer's own line travel apart: either may be forwarded first.
        tend.WaitForLine("web: 4096 bytes on notification-fd 3 without a newline: no longer read");

        var (cpu, read) = (CpuTicks(pid) - cpuBefore, BytesRead(pid) - readBefore);
        var report = $"Tend over the attack: {cpu} ticks of CPU, {read} bytes read\n{tend.Transcript()}";
        Assert.True(tend.Count("web: 4096 bytes on notification-fd 3 without a newline: no longer read") == 1, report);
        Assert.True(read < 1 << 20, report); // 4 KiB of the pipe, plus the few log lines
        Assert.True(cpu <= 20, report);      // 200 ms, for a load that is not Tend's; it read all 256 MiB before
        Assert.Equal(0, tend.Count("web is ready"));
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit());
    }

    /// <summary>utime + stime of every thread, in clock ticks (fields 14 and 15, after the command name).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }

    /// <summary>Bytes returned by read-like calls, whatever the descriptor.</summary>
    private static long BytesRead(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/io").First(l => l.StartsWith("rchar:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
