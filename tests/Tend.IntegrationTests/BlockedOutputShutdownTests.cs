using System.Diagnostics;
using Tend.IntegrationTests.Infrastructure;
using static Tend.IntegrationTests.Infrastructure.Yaml;

namespace Tend.IntegrationTests;

/// <summary>
/// A reader of Tend's stdout that reads nothing (a paused `docker logs`, a full pipe) must not
/// slow `docker stop` down: stopping takes the programs' own stop time, and at most a bounded
/// flush of what is queued (1 s) follows before Tend exits.
/// </summary>
public class BlockedOutputShutdownTests
{
    [Fact(Timeout = 120_000)]
    public async Task I_see_tend_exit_at_once_on_sigterm_while_its_stdout_is_not_read()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, mkfifo(fifo, 0x180));
        var done = dir.File("spew.done");
        var config = dir.Write("tend.yaml", $"""
            log_buffer: 1MiB
            programs:
              spew:
                command: {Dummy("spew-lines", "100000", "then", "touch", done, "then", "sleep", "inf")}
              web:
                command: {Dummy("sleep", "inf")}
            """);
        // Opening a FIFO for reading waits for a writer: Tend's redirection. Then nobody reads.
        var opening = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
        using var tend = TendHost.Start(["run", config], readStdout: false,
            launcher: ["sh", "-c", $"exec \"$0\" \"$@\" > '{fifo}'"]);
        await using var stdout = await opening.WaitAsync(TimeSpan.FromSeconds(20));
        // spew can only finish once Tend drops what it cannot hold: the output is blocked for good.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(done))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("spew did not finish: " + tend.Transcript());
            await Task.Delay(50);
        }

        var clock = Stopwatch.StartNew();
        tend.Signal(15);
        Assert.Equal(0, tend.WaitForExit(TimeSpan.FromSeconds(20)));
        // The programs stop at once on TERM; a reader that took nothing for a second already is not
        // waited for (a slow one would get 1 s at most). It was 2 s, and 3 s when the stall was new.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"exit took {clock.Elapsed.TotalMilliseconds:0} ms with stdout blocked");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);
}
