using System.Text;
using Tend.Logging;
using Tend.Posix;

namespace Tend.UnitTests.Logging;

/// <summary>
/// A burst of starts holds the log thread's wake-ups (issue 21: about one per program before, each
/// taking a CPU from the programs starting): what is posted meanwhile is written once the hold is
/// released, and a post from another thread while a hold ends is never left waiting.
/// </summary>
public class WakeupHoldTests
{
    [Fact(Timeout = 20_000)]
    public async Task Lines_posted_while_held_are_written_once_the_hold_ends()
    {
        var (read, write) = Fd.Pipe();
        Fd.SetNonBlocking(read);
        using var mux = new LogMux(new LogOptions { StdoutFd = write, StderrFd = write, Color = false }, ["web"]);
        try
        {
            using (mux.HoldWakeups())
            {
                mux.Event("web started pid 42");
                mux.Event("db started pid 43");
            }
            var output = await PipeText.ReadUntil(read, "db started pid 43", TimeSpan.FromSeconds(10));
            Assert.Contains("web started pid 42", output);
        }
        finally
        {
            mux.Complete(TimeSpan.FromSeconds(5));
            Fd.Close(read);
            Fd.Close(write);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Posts_from_other_threads_while_holds_come_and_go_all_arrive()
    {
        var (read, write) = Fd.Pipe();
        Fd.SetNonBlocking(read);
        using var mux = new LogMux(new LogOptions { StdoutFd = write, StderrFd = write, Color = false }, ["t"]);
        try
        {
            const int threads = 3, perThread = 300;
            using var done = new CountdownEvent(threads);
            for (var t = 0; t < threads; t++)
            {
                var id = t;
                new Thread(() =>
                {
                    for (var i = 0; i < perThread; i++) mux.Event($"line {id}.{i}");
                    done.Signal();
                }).Start();
            }
            // The supervisor's side: short holds, one after another, racing the posts.
            while (!done.IsSet)
                using (mux.HoldWakeups()) Thread.SpinWait(200);
            // Nothing is posted after the last line: a post stranded behind a hold would stay unwritten.
            var lines = await Task.Run(() => ReadUntilCount(read, threads * perThread, TimeSpan.FromSeconds(30)));
            Assert.Equal(threads * perThread, lines);
        }
        finally
        {
            mux.Complete(TimeSpan.FromSeconds(5));
            Fd.Close(write);
            Fd.Close(read);
        }
    }

    /// <summary>Reads lines "line I.J" until <paramref name="count"/> have come (without a post after them to wake the thread).</summary>
    private static int ReadUntilCount(int fd, int count, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var seen = 0;
        var text = new StringBuilder();
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (seen < count)
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"{seen} of {count} lines came: a post was left waiting for a wake-up");
            var n = Fd.Read(fd, buffer, out var errno);
            if (n < 0 && errno == 11) { Thread.Sleep(2); continue; } // nothing yet (non-blocking)
            if (n <= 0) break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            seen = text.ToString().Split('\n').Count(l => l.Contains("| line ", StringComparison.Ordinal));
        }
        return seen;
    }
}
